// For people who use a screen reader or the keyboard: axe-core checks the sign-in, friends and room
// screens (WCAG 2 A and AA rules) and finds nothing serious or critical; and the marks that are pictures
// (muted, deafened, the unread count) have names a screen reader reads out.

import { expect, openApp, ru, seriousViolations, test } from './app';
import { WoxlyServer } from './server';
import { intoVoice, participant, person, roomOf } from './voice';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

test('the sign-in, friends and room screens have no serious accessibility problem', async ({ browser }) => {
  const visitor = await openApp(browser, server.url);
  await expect(visitor.getByRole('button', { name: ru.auth.loginButton })).toBeVisible();
  // The form fades in: its colours are judged once it is fully there.
  await expect(visitor.getByRole('main')).toHaveCSS('opacity', '1');
  expect(await seriousViolations(visitor)).toEqual([]);

  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  const roomId = await roomOf(anna, [boris], 'Доступность');

  // Friends: the list with a friend in it, whose main actions are there without hovering and the rest
  // in a menu (checked open too).
  await anna.page.goto('/');
  const row = anna.page.getByTestId('friend-row').filter({ hasText: 'Boris' });
  await expect(row.getByRole('button', { name: ru.direct.message.replace('{{name}}', 'Boris') })).toBeVisible();
  await expect(row.getByRole('button', { name: ru.calls.call.replace('{{name}}', 'Boris') })).toBeVisible();
  expect(await seriousViolations(anna.page)).toEqual([]);
  await row.getByRole('button', { name: ru.friends.more.replace('{{name}}', 'Boris') }).click();
  await expect(row.getByRole('menuitem', { name: ru.friends.remove })).toBeVisible();
  expect(await seriousViolations(anna.page)).toEqual([]);
  await anna.page.keyboard.press('Escape');

  // The room, with Boris in it deafened (so muted too): a screen reader hears it in his entry.
  await intoVoice(boris.page, roomId);
  await intoVoice(anna.page, roomId);
  await expect(participant(anna.page, 'Boris')).toHaveAttribute('data-in-room', 'true');
  await boris.page.getByRole('button', { name: ru.voice.deafen }).click();
  await expect(participant(anna.page, 'Boris')).toHaveAttribute('data-deafened', 'true');
  const boriss = anna.page.getByRole('listitem').filter({ hasText: 'Boris' });
  await expect(boriss).toContainText(`${ru.rooms.micOff}, ${ru.rooms.deafened}`);
  expect(await seriousViolations(anna.page)).toEqual([]);

  // The bell says how many are unread; the own-name card says it opens a menu.
  // (Only a member who is not in the room is notified: Anna waits until the server has Boris out.)
  await boris.page.goto('/');
  await expect(participant(anna.page, 'Boris')).toHaveAttribute('data-in-room', 'false');
  await anna.page.getByLabel(ru.chat.composerLabel, { exact: true }).fill('Привет');
  await anna.page.getByLabel(ru.chat.composerLabel, { exact: true }).press('Enter');
  const unread = ru.notifications.bellUnread.replace('{{count}}', '1');
  await expect(boris.page.getByRole('button', { name: unread })).toBeVisible();
  const menu = boris.page.getByRole('button', { name: ru.profile.menuHint });
  await expect(menu).toContainText('Boris');
  await expect(menu).toHaveAttribute('aria-haspopup', 'menu');
  await menu.click();
  await expect(boris.page.getByRole('menu', { name: ru.profile.menu.replace('{{name}}', 'Boris') })).toBeVisible();
});
