import { useMutation } from '@tanstack/react-query';
import { api, apiError, authorization, networkError, serverUrl } from '@/lib/api-client';
import type { User } from '@/lib/types';
import { keepMe } from './update-me';

/** AUTH-7: a picture sent to become my avatar (the server crops and sizes it). */
async function uploadAvatar(file: File): Promise<User> {
  const form = new FormData();
  form.append('file', file, file.name || 'avatar');
  const headers: Record<string, string> = {};
  const auth = authorization();
  if (auth) headers.authorization = auth;
  let response: Response;
  try {
    response = await fetch(serverUrl('/api/users/me/avatar'), { method: 'PUT', headers, body: form });
  } catch {
    throw networkError();
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) throw apiError(response.status, data, response.statusText);
  return (data as { user: User }).user;
}

const removeAvatar = () => api<{ user: User }>('DELETE', '/users/me/avatar').then((body) => body.user);

export const useUploadAvatar = () => useMutation({ mutationFn: uploadAvatar, onSuccess: keepMe });
export const useRemoveAvatar = () => useMutation({ mutationFn: removeAvatar, onSuccess: keepMe });
