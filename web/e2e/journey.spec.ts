// The first evening, end to end: two friends find each other, talk in a private room, live through a
// server restart; a third person cannot get in.

import { io } from 'socket.io-client';
import { chooseStatus, expect, me, openApp, openSettings, openToast, recordToasts, register, ru, screenshot, send, test, toastsSeen } from './app';
import { WoxlyServer } from './server';

let server: WoxlyServer;
test.beforeAll(async () => {
  // A bot on Anna's account writes 120 messages as fast as they are acknowledged while her open tab
  // marks each one read: two events per message on her budget of 50 a second (bursts of 100), which
  // a fast run overspends. The limit itself is tested in crates/server/tests/edges.rs.
  server = await WoxlyServer.start(['--socket-events-per-second', '1000']);
});
test.afterAll(async () => {
  await server?.dispose();
});

test('two friends: request, presence, private room, chat, history, restart; a stranger stays out', async ({
  browser,
}, info) => {
  const anna = await openApp(browser, server.url);
  const boris = await openApp(browser, server.url);

  await test.step('registering checks the form inline, in Russian', async () => {
    await expect(anna).toHaveURL(/\/login$/);
    await screenshot(anna, info, '01-login');
    await anna.goto('/register');
    await anna.getByLabel(ru.auth.username).fill('anna!');
    await anna.getByLabel(ru.auth.email).fill('not-an-email');
    await anna.getByLabel(ru.auth.password).fill('short');
    await anna.getByRole('button', { name: ru.auth.registerButton }).click();
    await expect(anna.getByText(ru.errors.username_invalid_chars)).toBeVisible();
    await expect(anna.getByText(ru.errors.invalid_email)).toBeVisible();
    await expect(anna.getByText(ru.errors.password_too_short)).toBeVisible();
    await screenshot(anna, info, '02-register-errors');
  });

  await test.step('both register', async () => {
    await register(anna, 'anna');
    await register(boris, 'Борис');
  });
  const annaId = await me(anna);
  const borisId = await me(boris);

  await test.step('Anna finds Boris by WOXLY ID and sends a request', async () => {
    await anna.getByRole('tab', { name: ru.friends.tab.add }).click();
    await anna.getByLabel(ru.friends.searchLabel).fill(borisId.woxlyId.toLowerCase());
    const result = anna.getByTestId('search-result').filter({ hasText: 'Борис' });
    await expect(result).toContainText(borisId.woxlyId);
    await screenshot(anna, info, '03-search');
    await result.getByRole('button', { name: ru.friends.add }).click();
    await expect(result).toContainText(ru.friends.pending);
  });

  await test.step('Boris gets the toast, opens it and accepts', async () => {
    await openToast(boris, 'anna');
    await expect(boris).toHaveURL(/tab=requests/);
    await screenshot(boris, info, '04-requests');
    await boris.getByTestId('request-row').getByRole('button', { name: ru.friends.accept }).click();
    await boris.getByRole('tab', { name: ru.friends.tab.all }).click();
    await expect(boris.getByTestId('friends-online')).toContainText('anna');
    await anna.getByRole('tab', { name: ru.friends.tab.all }).click();
    await expect(anna.getByTestId('friends-online')).toContainText('Борис');
  });

  await test.step('each sees the other’s status change live', async () => {
    await chooseStatus(boris, 'busy');
    await expect(anna.getByTestId('friends-busy')).toContainText('Борис');
    await chooseStatus(anna, 'away');
    await expect(boris.getByTestId('friends-away')).toContainText('anna');
    await screenshot(anna, info, '05-friends');
    await chooseStatus(anna, 'online');
    await chooseStatus(boris, 'online');
    await expect(boris.getByTestId('friends-online')).toContainText('anna');
  });

  let roomPath = '';
  await test.step('Anna creates a private room inviting Boris', async () => {
    await anna.getByRole('button', { name: ru.rooms.create }).click();
    await anna.getByLabel(ru.rooms.name).fill('Вечерний созвон');
    await anna.getByRole('checkbox', { name: 'Борис' }).click();
    await screenshot(anna, info, '06-create-room');
    await anna.getByRole('dialog').getByRole('button', { name: ru.rooms.createButton, exact: true }).click();
    await expect(anna.getByTestId('room-title')).toHaveText('Вечерний созвон');
    roomPath = new URL(anna.url()).pathname;
    expect(roomPath).toMatch(/^\/rooms\/\d+$/);
  });

  await test.step('Boris accepts from the notification', async () => {
    await openToast(boris, 'Вечерний созвон');
    await expect(boris).toHaveURL(roomPath);
    await screenshot(boris, info, '07-invitation');
    await boris.getByRole('button', { name: ru.rooms.accept }).click();
    await expect(boris.getByTestId('room-title')).toHaveText('Вечерний созвон');
    // Opened from a notification: the chat, and his voice only when he chooses it (VOICE-1).
    await boris.getByTestId('join-voice').click();
    const borisInRoom = anna.getByTestId('participant').filter({ hasText: 'Борис' });
    await expect(borisInRoom).toHaveAttribute('data-in-room', 'true');
  });

  await test.step('they chat both ways in real time; text stays text', async () => {
    await send(anna, 'Привет, Борис! <b>не жирный</b>');
    const fromAnna = boris.getByTestId('message').filter({ hasText: 'Привет, Борис!' });
    await expect(fromAnna).toContainText('<b>не жирный</b>');
    await expect(boris.getByTestId('message-list').locator('b')).toHaveCount(0);
    await send(boris, 'Привет, Анна 👋');
    await expect(anna.getByTestId('message').filter({ hasText: 'Привет, Анна 👋' })).toBeVisible();
    await expect(anna.getByTestId('message').filter({ hasText: 'Привет, Борис!' })).toHaveAttribute(
      'data-state',
      'sent',
    );
    await screenshot(anna, info, '08-room-chat');
  });

  await test.step('Boris scrolls up through 120 messages of history', async () => {
    const bot = io(server.url, { auth: { token: annaId.token }, transports: ['websocket'] });
    const roomId = Number(roomPath.split('/').pop());
    for (let n = 1; n <= 120; n++) {
      const ack = await bot.timeout(10_000).emitWithAck('send-message', { roomId, content: `история ${n}` });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    bot.disconnect();
    await boris.reload();
    const list = boris.getByTestId('message-list');
    await expect(list).toContainText('история 120');
    // The newest page only: 71…120.
    await expect(boris.getByTestId('message')).toHaveCount(50);
    await expect(boris.getByTestId('message').first()).toContainText('история 71');
    const oldest = boris.getByTestId('message-text').filter({ hasText: /^история 1$/ });
    for (let attempt = 0; attempt < 10 && (await oldest.count()) === 0; attempt++) {
      await list.evaluate((element) => element.scrollTo({ top: 0 }));
      await boris.waitForTimeout(300);
    }
    await expect(oldest).toBeVisible();
    const texts = await boris.getByTestId('message-text').allInnerTexts();
    const history = texts.map((text) => text.match(/^история (\d+)$/)?.[1]).filter(Boolean).map(Number);
    expect(history).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const ids = await boris.getByTestId('message').evaluateAll((rows) => rows.map((row) => row.dataset.messageId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  await test.step('a server restart shows the overlay, which clears with the state intact', async () => {
    await recordToasts(anna);
    await server.stop();
    await expect(anna.getByTestId('reconnecting-overlay')).toBeVisible();
    await expect(boris.getByTestId('reconnecting-overlay')).toBeVisible();
    await screenshot(anna, info, '09-reconnecting');
    await server.restart();
    await expect(anna.getByTestId('reconnecting-overlay')).toBeHidden({ timeout: 30_000 });
    await expect(boris.getByTestId('reconnecting-overlay')).toBeHidden({ timeout: 30_000 });
    await expect.poll(async () => (await toastsSeen(anna)).some((text) => text.includes(ru.connection.restored))).toBe(true);
    await expect(anna.getByTestId('room-title')).toHaveText('Вечерний созвон');
    await expect(anna.getByTestId('message').filter({ hasText: 'Привет, Анна 👋' })).toBeVisible();
    // Both rejoined the room on their own: a new message reaches the other at once.
    await send(anna, 'после перезапуска');
    await expect(boris.getByTestId('message').filter({ hasText: 'после перезапуска' })).toBeVisible();
    await anna.getByRole('link', { name: ru.friends.title }).click();
    await expect(anna.getByTestId('friends-online')).toContainText('Борис');
  });

  await test.step('a third user cannot open the room by its URL', async () => {
    const viktor = await openApp(browser, server.url);
    await register(viktor, 'viktor');
    await viktor.goto(roomPath);
    await expect(viktor.getByTestId('room-unavailable')).toBeVisible();
    await expect(viktor.getByText('Вечерний созвон')).toHaveCount(0);
    await expect(viktor.getByText('история')).toHaveCount(0);
    await screenshot(viktor, info, '10-room-unavailable');
  });

  await test.step('notifications: the bell lists them and marks them read', async () => {
    // Boris, in the room's voice, leaves the room's page: Anna's next message reaches him as a
    // notification. (Seeing him leave the voice tells the test the server has him away: his page
    // stops showing the room before it leaves the voice.)
    await boris.getByTestId('join-voice').click();
    await anna.getByTestId('room-link').click();
    const borisThere = anna.getByTestId('participant').filter({ hasText: 'Борис' });
    await expect(borisThere).toHaveAttribute('data-in-room', 'true');
    await boris.getByRole('link', { name: ru.friends.title }).click();
    await expect(borisThere).toHaveAttribute('data-in-room', 'false');
    await send(anna, 'ты где?');
    await expect(boris.locator('[data-sonner-toast]').filter({ hasText: 'ты где?' })).toBeVisible();
    await expect(boris.getByTestId('unread-count')).toHaveText('1');
    await boris.getByTestId('notification-bell').click();
    await expect(boris.getByTestId('notification-item').first()).toBeVisible();
    await screenshot(boris, info, '11-notifications');
    await boris.getByRole('button', { name: ru.notifications.markAll }).click();
    await expect(boris.getByTestId('unread-count')).toHaveCount(0);
  });

  await test.step('a phone-width window and the English UI', async () => {
    await boris.setViewportSize({ width: 390, height: 844 });
    await boris.goto(roomPath);
    await expect(boris.getByTestId('room-title')).toBeVisible();
    await screenshot(boris, info, '12-phone-room');
    await boris.getByRole('button', { name: ru.common.menu }).click();
    await screenshot(boris, info, '13-phone-menu');
    await openSettings(boris, 'profile');
    await boris.getByRole('button', { name: 'en', exact: true }).last().click();
    await expect(boris.getByRole('region', { name: 'Profile' })).toBeVisible();
    await expect(boris.getByTestId('woxly-id')).toHaveText(borisId.woxlyId);
    await screenshot(boris, info, '14-phone-profile-en');
  });
});
