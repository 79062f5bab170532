import { apiError, authorization, networkError, serverUrl } from '@/lib/api-client';
import type { Attachment } from '@/lib/types';

/**
 * FILE-1: uploads one file to a room, reporting progress (0–1) as it goes; `signal` cancels it.
 * XMLHttpRequest, not fetch: fetch reports no upload progress in browsers yet.
 */
export function uploadFile(
  roomId: number,
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', serverUrl(`/api/rooms/${roomId}/attachments`));
    const auth = authorization();
    if (auth) request.setRequestHeader('authorization', auth);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status === 201) resolve((request.response as { attachment: Attachment }).attachment);
      else reject(apiError(request.status, request.response, request.statusText));
    };
    request.onerror = () => reject(networkError());
    request.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
    signal.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name || 'pasted');
    request.send(form);
  });
}
