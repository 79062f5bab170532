import type { Attachment } from '@/lib/types';

/** The box an image takes before it loads (no jump when it does): its shape, at most `max` a side. */
export function thumbnailBox(attachment: Attachment, max = 320): { width: number; height: number } {
  const width = attachment.width ?? max;
  const height = attachment.height ?? max;
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Files taken from a paste or a drop (text pasted is left to the text box). */
export function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}
