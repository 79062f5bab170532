import { api, apiError, type ApiError } from '@/lib/api-client';
import type { UploadLimits } from '@/lib/wire';

let asked: Promise<UploadLimits> | null = null;

/** FILE-2: the server's limits, asked for once per page (an operator changes them with a restart). */
function uploadLimits(): Promise<UploadLimits> {
  asked ??= api<UploadLimits>('GET', '/attachments/limits').catch((error: unknown) => {
    asked = null;
    throw error;
  });
  return asked;
}

/** Why `file` cannot be uploaded, as the server would answer it, or `null`: a file over the limit is
 * refused here rather than sent in full only to be refused. */
export async function refusalOf(file: File): Promise<ApiError | null> {
  const limits = await uploadLimits().catch(() => null);
  if (!limits || file.size <= limits.maxFileBytes) return null;
  return apiError(413, { code: 'file_too_large', error: 'file too large', limit: limits.maxFileBytes });
}
