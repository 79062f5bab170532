// VOICE-1: the microphone goes live only when a person chooses it. Reading a direct conversation makes
// no peer connection and asks for no microphone, before a block and after it; a group room opened any
// way but from the room list (its address, a reload, a notification, a mention, a search result) shows
// its chat and "Join voice", and only entering from the room list — or pressing the button — joins its
// voice. Leaving the voice keeps the chat.

import type { Page } from '@playwright/test';
import { call, expect, ru, send, test } from './app';
import { WoxlyServer } from './server';
import { befriend, mediaUse, participant, person, roomOf, type Person } from './voice';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

const name = (text: string, who: string) => text.replace('{{name}}', who);

/** The page has made no peer connection and asked for no microphone since it was loaded. */
async function expectNoMedia(page: Page) {
  expect(await mediaUse(page)).toEqual({ peerConnections: 0, mediaRequests: 0 });
}

/** `page` shows room `roomId`'s chat, and is not in its voice. */
async function expectChatOnly(page: Page, roomId: number) {
  await expect(page).toHaveURL(new RegExp(`/rooms/${roomId}(\\?.*)?$`));
  await expect(page.getByLabel(ru.chat.composerLabel, { exact: true })).toBeVisible();
  await expect(page.getByTestId('join-voice')).toBeVisible();
  await expectNoMedia(page);
}

test('a direct conversation is text until someone calls, and never has voice once read-only', async ({ browser }) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  await befriend(anna, boris);
  const { room } = await call(anna.page, 'POST', `/direct/${boris.id}`);

  // Anna opens it from her friends list, Boris by its address; they write and read.
  await anna.page.goto('/');
  await anna.page.getByRole('button', { name: name(ru.direct.message, 'Boris') }).first().click();
  await expect(anna.page).toHaveURL(new RegExp(`/rooms/${room.id}$`));
  await boris.page.goto(`/rooms/${room.id}`);
  await send(anna.page, 'Привет, Борис');
  await expect(boris.page.getByTestId('message').filter({ hasText: 'Привет, Борис' })).toBeVisible();
  await send(boris.page, 'Привет!');
  await expect(anna.page.getByTestId('message').filter({ hasText: 'Привет!' })).toBeVisible();

  // It looks like a conversation: the other person with presence and a Call button, no voice panel, no
  // room words.
  for (const [page, other] of [
    [anna.page, 'Boris'],
    [boris.page, 'Anna'],
  ] as const) {
    await expect(page.getByTestId('room-title')).toHaveText(other);
    await expect(page.getByTestId('peer-status')).toHaveText(ru.status.online);
    await expect(page.getByRole('button', { name: name(ru.calls.call, other) })).toBeVisible();
    await expect(page.getByTestId('voice-status')).toHaveCount(0);
    await expect(page.getByText(ru.rooms.owner, { exact: true })).toHaveCount(0);
    await expectNoMedia(page);
  }
  // Neither is in the conversation's voice, as the server sees it.
  const seen = await call(anna.page, 'GET', `/rooms/${room.id}`);
  expect(seen.participants.map((p: { isInRoom: boolean }) => p.isInRoom)).toEqual([false, false]);

  // Boris blocks Anna: read-only for both, with no Call button, and still no media, also after a reload.
  await call(boris.page, 'PUT', `/users/${anna.id}/block`);
  await expect(anna.page.getByRole('button', { name: name(ru.calls.call, 'Boris') })).toHaveCount(0);
  await expect(boris.page.getByRole('button', { name: name(ru.calls.call, 'Anna') })).toHaveCount(0);
  for (const [page, other] of [
    [anna.page, 'Boris'],
    [boris.page, 'Anna'],
  ] as const) {
    await page.reload();
    await expect(page.getByTestId('message').filter({ hasText: 'Привет!' })).toBeVisible();
    await expect(page.getByTestId('room-title')).toBeVisible();
    await expect(page.getByRole('button', { name: name(ru.calls.call, other) })).toHaveCount(0);
    await expectNoMedia(page);
  }
});

test('a group room opened any way but from the room list shows its chat, not its voice', async ({ browser }) => {
  const vera = await person(browser, server.url, 'Vera');
  const gleb = await person(browser, server.url, 'Gleb');
  const roomId = await roomOf(vera, [gleb], 'Кино');

  // From a notification: Vera writes while Gleb has never opened the room (so he is away for sure).
  await expect(gleb.page.getByTestId('me-card')).toBeVisible();
  await send(await roomPage(vera, roomId), 'Кто смотрит сегодня?');
  await gleb.page.getByTestId('notification-bell').click();
  await gleb.page.getByTestId('notification-item').filter({ hasText: 'Кто смотрит сегодня?' }).click();
  await expectChatOnly(gleb.page, roomId);

  // By its address, and after a reload.
  await gleb.page.goto(`/rooms/${roomId}`);
  await expectChatOnly(gleb.page, roomId);
  await gleb.page.reload();
  await expectChatOnly(gleb.page, roomId);

  // From a mention (told whether or not he still shows the room).
  await gleb.page.goto('/');
  await expect(gleb.page.getByTestId('me-card')).toBeVisible();
  await send(vera.page, '@Gleb ты с нами?');
  await gleb.page.getByTestId('notification-bell').click();
  await gleb.page.getByTestId('notification-item').filter({ hasText: 'ты с нами?' }).click();
  await expectChatOnly(gleb.page, roomId);

  // From a search result.
  await gleb.page.goto('/');
  await gleb.page.getByRole('button', { name: ru.search.open }).click();
  await gleb.page.getByLabel(ru.search.label).fill('смотрит');
  await gleb.page.getByTestId('search-result').click();
  await expectChatOnly(gleb.page, roomId);
  await expect(participant(vera.page, 'Gleb')).toHaveAttribute('data-in-room', 'false');

  // From the room list: into the voice. Vera sees him there, and his page asked for the microphone.
  await gleb.page.goto('/');
  await gleb.page.getByTestId('room-link').filter({ hasText: 'Кино' }).click();
  await expect(gleb.page.getByTestId('join-voice')).toHaveCount(0);
  await expect(participant(vera.page, 'Gleb')).toHaveAttribute('data-in-room', 'true');
  await expect.poll(async () => (await mediaUse(gleb.page)).mediaRequests).toBeGreaterThan(0);

  // Leaving the voice keeps the chat: he still reads what Vera writes, live.
  await gleb.page.getByRole('button', { name: ru.voice.leave }).click();
  await expect(participant(vera.page, 'Gleb')).toHaveAttribute('data-in-room', 'false');
  await expect(gleb.page.getByTestId('join-voice')).toBeVisible();
  await expect(gleb.page).toHaveURL(new RegExp(`/rooms/${roomId}$`));
  await send(vera.page, 'Начинаем через минуту');
  await expect(gleb.page.getByTestId('message').filter({ hasText: 'Начинаем через минуту' })).toBeVisible();

  // And "Join voice" brings him back.
  await gleb.page.getByTestId('join-voice').click();
  await expect(participant(vera.page, 'Gleb')).toHaveAttribute('data-in-room', 'true');
});

/** `who`'s page on the room (shown, not in its voice). */
async function roomPage(who: Person, roomId: number): Promise<Page> {
  if (!who.page.url().endsWith(`/rooms/${roomId}`)) await who.page.goto(`/rooms/${roomId}`);
  await expect(who.page.getByLabel(ru.chat.composerLabel, { exact: true })).toBeVisible();
  return who.page;
}
