// AUTH-5/6/7 in the browser: staying signed in, signing in by name, wrong passwords, profile, logout,
// and a session revoked elsewhere sending the tab back to the login page.

import { createHmac } from 'node:crypto';
import { call, expect, me, openApp, openSettings, recordToasts, register, ru, test, toastsSeen } from './app';
import { WoxlyServer } from './server';

let server: WoxlyServer;
test.beforeAll(async () => {
  // These tests sign in a dozen times within a minute, all from 127.0.0.1: the per-address limit on
  // sign-ins (10 a minute, tested in the Rust suite) would refuse the last ones on a fast machine.
  server = await WoxlyServer.start(['--auth-rate-per-minute', '1000']);
});
test.afterAll(async () => {
  await server?.dispose();
});

test('a session survives reloads, ends at logout, and a refused token returns to login', async ({ browser }) => {
  const page = await openApp(browser, server.url);
  await register(page, 'Дарья');

  await test.step('a reload keeps me signed in', async () => {
    await page.reload();
    await expect(page.getByTestId('me-card')).toContainText('Дарья');
  });

  await test.step('the profile shows my WOXLY ID and saves a new name', async () => {
    const { woxlyId } = await me(page);
    const profile = await openSettings(page, 'profile');
    await expect(page.getByTestId('woxly-id')).toHaveText(woxlyId);
    const name = profile.getByLabel(ru.auth.username);
    await name.fill('Даша!');
    await profile.getByRole('button', { name: ru.common.save }).click();
    await expect(page.getByText(ru.errors.username_invalid_chars)).toBeVisible();
    await name.fill('Даша');
    await profile.getByRole('button', { name: ru.common.save }).click();
    await expect(page.getByTestId('me-card')).toContainText('Даша');
  });

  await test.step('logout, then a wrong password is refused and the right one signs in by name', async () => {
    await recordToasts(page);
    await page.getByTestId('me-card').click();
    await page.getByRole('menuitem', { name: ru.profile.logout }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel(ru.auth.loginField).fill('даша');
    await page.getByLabel(ru.auth.password).fill('not the password');
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
    await expect(page.getByText(ru.errors.invalid_credentials)).toBeVisible();
    await page.getByLabel(ru.auth.password).fill('correct horse battery');
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
    await expect(page.getByTestId('me-card')).toContainText('Даша');
    // A deliberate logout is no lost connection.
    expect((await toastsSeen(page)).filter((text) => text.includes(ru.connection.lost))).toEqual([]);
  });

  await test.step('a session revoked elsewhere sends this tab back to login', async () => {
    const { token } = await me(page);
    const response = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(204);
    await expect(page).toHaveURL(/\/login$/);
    await page.reload();
    await expect(page).toHaveURL(/\/login$/);
  });

  await test.step('a room link opened while signed out is where signing in lands', async () => {
    await page.goto('/rooms/424242');
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel(ru.auth.loginField).fill('Даша');
    await page.getByLabel(ru.auth.password).fill('correct horse battery');
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
    await expect(page).toHaveURL(/\/rooms\/424242$/);
    await expect(page.getByTestId('room-unavailable')).toBeVisible();
  });

  await test.step('signing out in a room, then in as someone else, starts at home', async () => {
    await page.goto('/rooms/424242');
    await expect(page.getByTestId('room-unavailable')).toBeVisible();
    await page.getByTestId('me-card').click();
    await page.getByRole('menuitem', { name: ru.profile.logout }).click();
    await expect(page).toHaveURL(/\/login$/);
    await register(page, 'Ефим');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('room-unavailable')).toHaveCount(0);
  });
});

/** What an authenticator app shows for a base32 `secret`, `offset` seconds from now (RFC 6238:
 * HMAC-SHA-1, 30-second steps, 6 digits). */
function appCode(secret: string, offset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/=+$/, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor((Date.now() / 1000 + offset) / 30)));
  const mac = createHmac('sha1', key).update(step).digest();
  const at = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('two-factor sign-in: on with a QR code, then the password and a code; a recovery code; off', async ({
  browser,
}) => {
  const page = await openApp(browser, server.url);
  await register(page, 'Тимур');
  const dialog = page.getByRole('dialog');
  const openProfile = () => openSettings(page, 'security');

  let secret = '';
  let recovery: string[] = [];
  await test.step('turned on from the settings: scan, confirm with a code, keep the recovery codes', async () => {
    await openProfile();
    await expect(page.getByTestId('two-factor')).toContainText(ru.twoFactor.off);
    await page.getByTestId('two-factor').getByRole('button', { name: ru.twoFactor.turnOn }).click();
    await expect(dialog.getByRole('img', { name: ru.twoFactor.qrAlt })).toBeVisible();
    secret = (await dialog.getByTestId('two-factor-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await dialog.getByLabel(ru.twoFactor.code).fill('000000' === appCode(secret) ? '111111' : '000000');
    await dialog.getByRole('button', { name: ru.twoFactor.turnOn }).click();
    await expect(dialog.getByText(ru.errors.invalid_code)).toBeVisible();
    await dialog.getByLabel(ru.twoFactor.code).fill(appCode(secret));
    await dialog.getByRole('button', { name: ru.twoFactor.turnOn }).click();
    await expect(dialog.getByTestId('recovery-code')).toHaveCount(10);
    recovery = await dialog.getByTestId('recovery-code').allTextContents();
    await dialog.getByRole('button', { name: ru.twoFactor.saved }).click();
    await expect(page.getByTestId('two-factor')).toContainText(ru.twoFactor.on);
    await page.keyboard.press('Escape');
  });

  const signIn = async (code: string) => {
    await page.getByLabel(ru.auth.loginField).fill('тимур');
    await page.getByLabel(ru.auth.password).fill('correct horse battery');
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
    await page.getByLabel(ru.twoFactor.codeOrRecovery).fill(code);
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
  };
  const logOut = async () => {
    await page.getByTestId('me-card').click();
    await page.getByRole('menuitem', { name: ru.profile.logout }).click();
    await expect(page).toHaveURL(/\/login$/);
  };

  await test.step('signing in asks for a code after the password; a wrong one is refused', async () => {
    await logOut();
    await signIn('000000' === appCode(secret, 30) ? '111111' : '000000');
    await expect(page.getByText(ru.errors.invalid_two_factor_code)).toBeVisible();
    // The app's next code (the one used to turn it on is spent).
    await page.getByLabel(ru.twoFactor.codeOrRecovery).fill(appCode(secret, 30));
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
    await expect(page.getByTestId('me-card')).toContainText('Тимур');
  });

  await test.step('a recovery code signs in once; turning it off takes another', async () => {
    await logOut();
    await page.reload();
    await signIn(recovery[0]!);
    await expect(page.getByTestId('me-card')).toContainText('Тимур');
    await openProfile();
    await page.getByTestId('two-factor').getByRole('button', { name: ru.twoFactor.turnOff }).click();
    await dialog.getByLabel(ru.twoFactor.codeOrRecovery).fill(recovery[0]!);
    await dialog.getByRole('button', { name: ru.twoFactor.turnOff }).click();
    await expect(dialog.getByText(ru.errors.invalid_code)).toBeVisible();
    await dialog.getByLabel(ru.twoFactor.codeOrRecovery).fill(recovery[1]!);
    await dialog.getByRole('button', { name: ru.twoFactor.turnOff }).click();
    await expect(page.getByText(ru.twoFactor.turnedOff)).toBeVisible();
    await expect(page.getByTestId('two-factor')).toContainText(ru.twoFactor.off);
    await page.keyboard.press('Escape');
    await logOut();
    await page.getByLabel(ru.auth.loginField).fill('тимур');
    await page.getByLabel(ru.auth.password).fill('correct horse battery');
    await page.getByRole('button', { name: ru.auth.loginButton }).click();
    await expect(page.getByTestId('me-card')).toContainText('Тимур');
  });
});

test('sessions: listed with their device, signed out one by one or all at once; a new password signs the others out', async ({
  browser,
}) => {
  const here = await openApp(browser, server.url);
  await register(here, 'Жанна');
  const there = await openApp(browser, server.url);
  const signIn = async (password = 'correct horse battery') => {
    await there.goto('/login');
    await there.getByLabel(ru.auth.loginField).fill('жанна');
    await there.getByLabel(ru.auth.password).fill(password);
    await there.getByRole('button', { name: ru.auth.loginButton }).click();
    await expect(there.getByTestId('me-card')).toContainText('Жанна');
  };
  await signIn();

  const security = await openSettings(here, 'security');
  const sessions = here.getByTestId('session');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: ru.sessions.thisDevice })).toContainText('Chrome on Linux');
  await expect(sessions.filter({ hasText: ru.sessions.thisDevice })).toContainText('127.0.0.1');

  await test.step('one session signed out: that tab is back at the login page', async () => {
    await sessions.filter({ hasNotText: ru.sessions.thisDevice }).getByRole('button').click();
    await expect(there).toHaveURL(/\/login$/);
    await expect(sessions).toHaveCount(1);
  });

  await test.step('"everywhere else"', async () => {
    await signIn();
    await here.reload();
    await expect(sessions).toHaveCount(2);
    await here.getByRole('button', { name: ru.sessions.signOutOthers }).click();
    await expect(there).toHaveURL(/\/login$/);
    await expect(sessions).toHaveCount(1);
  });

  await test.step('a new password needs the current one and signs the others out', async () => {
    await signIn();
    const dialog = security;
    await dialog.getByLabel(ru.sessions.currentPassword).fill('not my password');
    await dialog.getByLabel(ru.sessions.newPassword).fill('a brand new password');
    await dialog.getByRole('button', { name: ru.sessions.changePasswordButton }).click();
    await expect(dialog.getByText(ru.errors.wrong_password)).toBeVisible();
    await dialog.getByLabel(ru.sessions.currentPassword).fill('correct horse battery');
    await dialog.getByRole('button', { name: ru.sessions.changePasswordButton }).click();
    await expect(here.getByText(ru.sessions.passwordChanged)).toBeVisible();
    await expect(there).toHaveURL(/\/login$/);
    await signIn('a brand new password');
  });
});

test('deleting an account: the password asked again; friends see its messages from "deleted user"', async ({ browser }) => {
  const mila = await openApp(browser, server.url);
  const petr = await openApp(browser, server.url);
  await register(mila, 'Мила');
  await register(petr, 'Пётр');
  await call(mila, 'POST', '/friends/add', { userId: (await me(petr)).id });
  const { incoming } = await call(petr, 'GET', '/friends/requests');
  await call(petr, 'POST', `/friends/requests/${incoming[0].id}/accept`);
  const { room } = await call(mila, 'POST', `/direct/${(await me(petr)).id}`);
  await call(mila, 'POST', '/messages', { roomId: room.id, content: 'до свидания' });

  const dialog = await openSettings(mila, 'security');
  await dialog.getByLabel(ru.sessions.deletePassword).fill('not my password');
  await dialog.getByRole('button', { name: ru.sessions.deleteAccountButton }).click();
  await expect(dialog.getByText(ru.errors.wrong_password)).toBeVisible();
  await dialog.getByLabel(ru.sessions.deletePassword).fill('correct horse battery');
  await dialog.getByRole('button', { name: ru.sessions.deleteAccountButton }).click();
  await expect(mila).toHaveURL(/\/login$/);

  await expect(petr.getByTestId('friend-row')).toHaveCount(0);
  await petr.goto(`/rooms/${room.id}`);
  const message = petr.getByTestId('message').filter({ hasText: 'до свидания' });
  await expect(message).toContainText(ru.users.deleted);
  await expect(message).not.toContainText('Мила');
  // The conversation itself is named in the reader's language too, in its title and in the list.
  await expect(petr.getByTestId('room-title')).toHaveText(ru.users.deleted);
  await expect(petr.getByTestId('direct-link')).toContainText(ru.users.deleted);
});
