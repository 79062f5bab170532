// NOTIF-4: each member chooses what a room tells them, from the room's header; the choice is kept on
// the server (another device of theirs shows it) and the server applies it: with "only mentions", a
// plain message makes no notification and a mention does.

import { chooseStatus, expect, newContext, recordToasts, ru, send, test, toastsSeen } from './app';
import { WoxlyServer } from './server';
import { person, roomOf } from './voice';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

test('only mentions, chosen in the room, is kept on the server and applied by it; a mute shows', async ({ browser }) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  const roomId = await roomOf(anna, [boris], 'Кино');

  await boris.page.goto(`/rooms/${roomId}`);
  await boris.page.getByRole('button', { name: ru.roomNotifications.open }).click();
  const menu = boris.page.getByRole('group', { name: ru.roomNotifications.title });
  await menu.getByLabel(ru.roomNotifications.level.mentions).check();
  await expect(boris.page.getByTestId('room-muted')).toBeVisible();
  await boris.page.keyboard.press('Escape');

  // Away from the room: a plain message, then a mention. Only the mention is counted. (A connection's
  // events take effect in order: once his next one, a status, is answered, the server has him out of
  // the room, and a message then is one he is told about.)
  await boris.page.getByRole('link', { name: ru.friends.title }).click();
  await chooseStatus(boris.page, 'away');
  await anna.page.goto(`/rooms/${roomId}`);
  await send(anna.page, 'просто сообщение');
  await send(anna.page, '@Boris а ты?');
  // The mention's notification came after any the plain message made: once it is there, so would that be.
  await boris.page.getByTestId('notification-bell').click();
  await expect(boris.page.getByTestId('notification-item').filter({ hasText: 'а ты?' })).toHaveCount(1);
  await expect(boris.page.getByTestId('notification-item').filter({ hasText: 'просто сообщение' })).toHaveCount(0);
  await expect(boris.page.getByTestId('unread-count')).toHaveText('1');

  // Another device of Boris's shows the same choice; muting there shows until when.
  const otherDevice = await newContext(browser, server.url);
  const phone = await otherDevice.newPage();
  await phone.goto('/login');
  await phone.evaluate((token) => localStorage.setItem('woxly.token', token), boris.token);
  await phone.goto(`/rooms/${roomId}`);
  await phone.getByRole('button', { name: ru.roomNotifications.open }).click();
  const phoneMenu = phone.getByRole('group', { name: ru.roomNotifications.title });
  await expect(phoneMenu.getByLabel(ru.roomNotifications.level.mentions)).toBeChecked();
  await phoneMenu.getByRole('button', { name: ru.roomNotifications.for.forever }).click();
  await expect(phone.getByTestId('mute-state')).toHaveText(ru.roomNotifications.mutedForever);
  await phoneMenu.getByRole('button', { name: ru.roomNotifications.unmute }).click();
  await expect(phone.getByTestId('mute-state')).toHaveText(ru.roomNotifications.mute);
});

test('a toast never covers the room’s header or the phone’s top bar, and none comes for the conversation on screen', async ({
  browser,
}) => {
  const anna = await person(browser, server.url, 'Vera');
  const boris = await person(browser, server.url, 'Gleb');
  const roomId = await roomOf(anna, [boris], 'Кино');
  const { room: direct } = await anna.page.evaluate(async ({ token, peer }) => {
    const response = await fetch(`/api/direct/${peer}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return response.json();
  }, { token: anna.token, peer: boris.id });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await boris.page.setViewportSize(viewport);
    await boris.page.goto(`/rooms/${roomId}`);
    await recordToasts(boris.page);
    const header = boris.page.getByTestId('room-title').locator('xpath=ancestor::header');
    await expect(header).toBeVisible();
    await anna.page.goto(`/rooms/${roomId}`);
    await send(anna.page, `в комнате ${viewport.width}`);
    await expect(boris.page.getByTestId('message').filter({ hasText: `в комнате ${viewport.width}` })).toBeVisible();
    await anna.page.goto(`/rooms/${direct.id}`);
    await send(anna.page, `лично ${viewport.width}`);
    const toast = boris.page.locator('[data-sonner-toast]').filter({ hasText: `лично ${viewport.width}` });
    await expect(toast).toBeVisible();
    // A trial click waits for the toast to stop moving (it slides in) without pressing it.
    await toast.click({ trial: true });
    const [toastBox, headerBox] = [await toast.boundingBox(), await header.boundingBox()];
    expect(toastBox!.y, `${viewport.width} px`).toBeGreaterThanOrEqual(headerBox!.y + headerBox!.height);
    // The message in the room on screen brought no toast (only the direct one did).
    const seen = await toastsSeen(boris.page);
    expect(seen.filter((text) => text.includes('в комнате'))).toEqual([]);
  }
});
