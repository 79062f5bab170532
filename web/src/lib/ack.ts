import type { ErrorCode } from './wire';

/** Every socket acknowledgement: `{ok: true, ...}` or `{ok: false, error, code}`. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string; code: ErrorCode; retryAfterMs?: number };
