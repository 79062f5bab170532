// AUTH-1's rules, the same as the server's (crates/domain/src/model/user.rs), so the form can say
// what is wrong before sending. Each rule answers with the server's error code.

export const USERNAME_MAX_CHARS = 13;
export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_CHARS = 128;
const EMAIL_MAX_CHARS = 254;

/** Characters as the server counts them (Unicode scalar values, not UTF-16 units). */
export const charCount = (text: string) => [...text].length;

const usernameAlphabet = /^[A-Za-z0-9._а-яА-ЯёЁ]*$/;

export function usernameError(username: string): string | null {
  const length = charCount(username);
  if (length === 0 || length > USERNAME_MAX_CHARS) return 'username_length';
  if (!usernameAlphabet.test(username)) return 'username_invalid_chars';
  return null;
}

export function emailError(email: string): string | null {
  if (charCount(email) > EMAIL_MAX_CHARS || /\s/.test(email)) return 'invalid_email';
  const at = email.indexOf('@');
  if (at <= 0 || email.indexOf('@', at + 1) !== -1) return 'invalid_email';
  const domain = email.slice(at + 1);
  const firstDot = domain.indexOf('.');
  const lastDot = domain.lastIndexOf('.');
  if (firstDot <= 0 || lastDot === domain.length - 1) return 'invalid_email';
  return null;
}

export function passwordError(password: string): string | null {
  const length = charCount(password);
  if (length < PASSWORD_MIN_CHARS) return 'password_too_short';
  if (length > PASSWORD_MAX_CHARS) return 'password_too_long';
  return null;
}

export interface RegisterFields {
  username: string;
  email: string;
  password: string;
}

/** Every field's first problem, by field; empty when the form may be sent. */
export function registerErrors(fields: RegisterFields): Partial<Record<keyof RegisterFields, string>> {
  const errors: Partial<Record<keyof RegisterFields, string>> = {};
  const username = usernameError(fields.username);
  const email = emailError(fields.email);
  const password = passwordError(fields.password);
  if (username) errors.username = username;
  if (email) errors.email = email;
  if (password) errors.password = password;
  return errors;
}
