import { emailError, passwordError, registerErrors, usernameError } from './validation';

describe('AUTH-1 rules, as the server applies them', () => {
  it('accepts usernames of 1–13 Latin or Cyrillic letters, digits, dot and underscore', () => {
    for (const name of ['a', 'ivan_petrov.1', 'Ёжик', 'абвгдеёжзийкл']) expect(usernameError(name)).toBeNull();
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(usernameError('ёёёёёёёёёёёёё')).toBeNull(); // 13 two-byte letters
    expect(usernameError('ёёёёёёёёёёёёёё')).toBe('username_length');
    expect(passwordError('😀😀😀😀😀😀😀😀')).toBeNull(); // 8 characters, 16 UTF-16 units
    expect(passwordError('😀😀😀😀😀😀😀')).toBe('password_too_short');
  });

  it('refuses empty, long or foreign-alphabet usernames with the server’s codes', () => {
    expect(usernameError('')).toBe('username_length');
    expect(usernameError('abcdefghijklmn')).toBe('username_length');
    for (const name of ['has space', 'émile', 'x-y', 'ivan!', 'Ωmega']) expect(usernameError(name)).toBe('username_invalid_chars');
  });

  it('wants x@y.z without spaces', () => {
    for (const good of ['a@b.c', 'ivan.petrov@mail.example.ru']) expect(emailError(good)).toBeNull();
    for (const bad of ['', 'ivan', '@b.c', 'a@b', 'a@.c', 'a@b.', 'a b@c.d', 'a@b@c.d', `${'a'.repeat(250)}@b.cd`])
      expect(emailError(bad)).toBe('invalid_email');
  });

  it('wants passwords of 8–128 characters', () => {
    expect(passwordError('1234567')).toBe('password_too_short');
    expect(passwordError('12345678')).toBeNull();
    expect(passwordError('x'.repeat(128))).toBeNull();
    expect(passwordError('x'.repeat(129))).toBe('password_too_long');
  });

  it('reports every field of the form at once', () => {
    expect(registerErrors({ username: '', email: 'no', password: 'short' })).toEqual({
      username: 'username_length',
      email: 'invalid_email',
      password: 'password_too_short',
    });
    expect(registerErrors({ username: 'anna', email: 'anna@example.com', password: 'long enough' })).toEqual({});
  });
});
