// AUTH-5/6/7 in the browser: staying signed in, signing in by name, wrong passwords, profile, logout,
// and a session revoked elsewhere sending the tab back to the login page.

import { expect, me, openApp, register, ru, test } from './app';
import { WoxlyServer } from './server';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
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
    await page.getByTestId('me-card').click();
    await page.getByRole('menuitem', { name: ru.profile.title }).click();
    await expect(page.getByTestId('woxly-id')).toHaveText(woxlyId);
    const name = page.getByRole('dialog').getByLabel(ru.auth.username);
    await name.fill('Даша!');
    await page.getByRole('dialog').getByRole('button', { name: ru.common.save }).click();
    await expect(page.getByText(ru.errors.username_invalid_chars)).toBeVisible();
    await name.fill('Даша');
    await page.getByRole('dialog').getByRole('button', { name: ru.common.save }).click();
    await expect(page.getByTestId('me-card')).toContainText('Даша');
  });

  await test.step('logout, then a wrong password is refused and the right one signs in by name', async () => {
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
