import { api } from '@/lib/api-client';

/** Deletes an upload that will not be sent (removed from the composer). */
export const cancelUpload = (attachmentId: number) => api<void>('DELETE', `/attachments/${attachmentId}`);
