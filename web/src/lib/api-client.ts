// REST calls to /api: JSON in and out, the session's bearer token, and errors as `ApiError` with the
// server's `code` so screens can show a translated message.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** On 413: the limit that was exceeded (bytes, or files). */
    readonly limit?: number,
  ) {
    super(message);
  }
}

/** The server refused the request for good (bad input, not allowed, not found), as opposed to a
 * network failure or a server error that may pass. */
export const isRefusal = (caught: unknown) =>
  caught instanceof ApiError && caught.status >= 400 && caught.status < 500;

interface ApiSettings {
  /** The server's origin; the page's own by default (the server serves the client). */
  base?: string;
  token: () => string | null;
  /** What a refused token does: the session is over. */
  unauthorized: () => void;
}

let settings: ApiSettings = { token: () => null, unauthorized: () => {} };

/** Wires the client to the session: where the token comes from and what a refused token does. */
export function configureApi(next: ApiSettings) {
  settings = next;
}

export type Query = Record<string, string | number | boolean | undefined>;

/** A server path (`/api/…`, as links from the server are) as a full URL on the server's origin. */
export function serverUrl(path: string): string {
  return new URL(path, settings.base ?? window.location.origin).toString();
}

/** The session's `Authorization` header value, for requests made without `api` (uploads). */
export function authorization(): string | null {
  const token = settings.token();
  return token ? `Bearer ${token}` : null;
}

/** The error of a request that never reached the server. */
export const networkError = () => new ApiError(0, 'network_error', 'The server cannot be reached');

/** An error answer's body as an `ApiError`. */
export function apiError(status: number, data: unknown, statusText = ''): ApiError {
  const error = (data ?? {}) as { code?: string; error?: string; limit?: number };
  return new ApiError(status, error.code ?? 'http_error', error.error ?? statusText, error.limit);
}

export async function api<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const url = new URL(`/api${path}`, settings.base ?? window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = {};
  const token = settings.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw networkError();
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    // A refused token ends the session, except on the login form itself, where 401 means a wrong password.
    if (response.status === 401 && token) settings.unauthorized();
    throw apiError(response.status, data, response.statusText);
  }
  return data as T;
}
