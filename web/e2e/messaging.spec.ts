// Messaging between two friends in the browser (MSG-1…MSG-7): a direct conversation opened from the
// friend list, unread and mention badges that appear and clear, typing, a reply, a reaction, an edit
// and a deletion, each seen live on the other side.

import type { Page } from '@playwright/test';
import { call, expect, me, openApp, openSettings, register, ru, screenshot, send, test } from './app';
import { WoxlyServer } from './server';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

/** The message whose own text (not a quote of it) contains `text`. */
const messageWith = (page: Page, text: string) =>
  page.getByTestId('message').filter({ has: page.getByTestId('message-text').filter({ hasText: text }) });

/** The same, hovered so that its actions show. */
async function hovered(page: Page, text: string) {
  const message = messageWith(page, text);
  await message.hover();
  return message;
}

test('two friends message each other: DM, unread, typing, reply, reaction, edit, delete', async ({ browser }, info) => {
  const anna = await openApp(browser, server.url);
  const boris = await openApp(browser, server.url);
  await register(anna, 'anna');
  await register(boris, 'boris');
  const borisId = await me(boris);

  await test.step('they become friends', async () => {
    await call(anna, 'POST', '/friends/add', { userId: borisId.id });
    const { incoming } = await call(boris, 'GET', '/friends/requests');
    await call(boris, 'POST', `/friends/requests/${incoming[0].id}/accept`);
    await expect(anna.getByTestId('friend-row').filter({ hasText: 'boris' })).toBeVisible();
  });

  await test.step('Anna opens the direct conversation from the friend list and writes', async () => {
    const row = anna.getByTestId('friend-row').filter({ hasText: 'boris' });
    await row.getByRole('button', { name: ru.direct.message.replace('{{name}}', 'boris') }).click();
    await expect(anna.getByTestId('room-title')).toHaveText('boris');
    await expect(anna.getByRole('button', { name: ru.calls.call.replace('{{name}}', 'boris') })).toBeVisible();
    await send(anna, 'Привет @boris, смотри https://example.com/plan');
    await expect(messageWith(anna, 'смотри')).toHaveAttribute('data-state', 'sent');
  });

  await test.step('Boris sees the conversation with an unread and a mention badge', async () => {
    const link = boris.getByTestId('direct-link').filter({ hasText: 'anna' });
    await expect(link.getByTestId('unread-badge')).toHaveText('1');
    await expect(link.getByTestId('mention-badge')).toHaveText('@1');
    await screenshot(boris, info, 'm1-unread');
    await link.click();
    await expect(boris.getByTestId('room-title')).toHaveText('anna');
    await expect(link.getByTestId('unread-badge')).toHaveCount(0);
    const message = messageWith(boris, 'смотри');
    await expect(message.getByTestId('mention')).toHaveText('@boris');
    const link2 = message.getByRole('link', { name: 'https://example.com/plan' });
    await expect(link2).toHaveAttribute('target', '_blank');
    await expect(link2).toHaveAttribute('rel', 'noopener noreferrer');
  });

  await test.step('Anna sees Boris typing', async () => {
    await boris.getByLabel(ru.chat.composerLabel, { exact: true }).fill('Да, ');
    await expect(anna.getByTestId('typing')).toHaveText(ru.chat.typingOne.replace('{{name}}', 'boris'));
  });

  await test.step('Boris replies to Anna’s message', async () => {
    const message = await hovered(boris, 'смотри');
    await message.getByRole('button', { name: ru.chat.reply }).click();
    await expect(boris.getByTestId('replying-to')).toContainText('anna');
    await send(boris, 'Да, отличный план');
    const reply = messageWith(anna, 'отличный план');
    await expect(reply.getByTestId('reply-quote')).toContainText('anna');
    await expect(reply.getByTestId('reply-quote')).toContainText('Привет @boris');
    // Anna reads it as it arrives: typing is gone, and no unread is left for her.
    await expect(anna.getByTestId('typing')).toHaveText('');
  });

  await test.step('Anna reacts to the reply; Boris sees it live', async () => {
    const reply = await hovered(anna, 'отличный план');
    await reply.getByRole('button', { name: ru.chat.react }).click();
    await anna.getByTestId('palette-emoji').filter({ hasText: '👍' }).click();
    const chip = messageWith(boris, 'отличный план').getByTestId('reaction');
    await expect(chip).toHaveAttribute('data-emoji', '👍');
    await expect(chip).toContainText('1');
  });

  await test.step('Boris finds any other emoji by searching in Russian; both see it in the shipped emoji font', async () => {
    const reply = await hovered(boris, 'отличный план');
    await reply.getByRole('button', { name: ru.chat.react }).click();
    await boris.getByLabel(ru.emoji.search).fill('ракета');
    await boris.getByRole('gridcell', { name: 'Ракета', exact: true }).click();
    const chip = messageWith(anna, 'отличный план').locator('[data-testid="reaction"][data-emoji="🚀"]');
    await expect(chip).toContainText('1');
    // Drawn with the emoji font from the app's own files (this Chromium has no emoji font of its own),
    // loaded because the page needed it, and drawing the rocket in colour (an empty box or a
    // black-and-white glyph would not be).
    await expect.poll(() => anna.evaluate(() => [...document.fonts].some((face) => face.family.includes('WOXLY Emoji') && face.status === 'loaded'))).toBe(true);
    const colourful = await anna.evaluate(async () => {
      const context = Object.assign(document.createElement('canvas'), { width: 40, height: 40 }).getContext('2d')!;
      context.font = '32px "WOXLY Emoji"';
      context.fillText('🚀', 0, 32);
      const pixels = context.getImageData(0, 0, 40, 40).data;
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) if (Math.max(pixels[i]!, pixels[i + 1]!, pixels[i + 2]!) - Math.min(pixels[i]!, pixels[i + 1]!, pixels[i + 2]!) > 60) coloured++;
      return coloured;
    });
    expect(colourful).toBeGreaterThan(50);
  });

  await test.step('Anna edits her message from the keyboard; Boris sees the new text marked as edited', async () => {
    // Focusing a message shows its actions, as hovering does.
    const message = messageWith(anna, 'смотри');
    await message.focus();
    await message.getByRole('button', { name: ru.chat.edit }).click();
    const editor = anna.getByLabel(ru.chat.editLabel);
    await editor.fill('Привет @boris, план такой: https://example.com/plan2');
    await editor.press('Enter');
    const seen = messageWith(boris, 'план такой');
    await expect(seen.getByTestId('edited')).toHaveText(`(${ru.chat.edited})`);
    await screenshot(boris, info, 'm2-edited-reply-reaction');
  });

  await test.step('Anna deletes it; Boris sees it deleted, and the reply says so', async () => {
    const message = await hovered(anna, 'план такой');
    await message.getByRole('button', { name: ru.chat.delete }).click();
    await anna.getByRole('dialog').getByRole('button', { name: ru.chat.delete }).click();
    await expect(messageWith(boris, 'план такой')).toHaveCount(0);
    await expect(messageWith(boris, ru.chat.deleted)).toBeVisible();
    const reply = messageWith(boris, 'отличный план');
    await expect(reply.getByTestId('reply-quote')).toContainText(ru.chat.quoteDeleted);
    await screenshot(boris, info, 'm3-deleted');
  });

  await test.step('a quote far back opens the history around the original, and comes back', async () => {
    const room = Number(new URL(anna.url()).pathname.split('/').pop());
    const start = await call(anna, 'POST', '/messages', { roomId: room, content: 'с чего всё началось' });
    for (let i = 0; i < 60; i++) await call(anna, 'POST', '/messages', { roomId: room, content: `заполнитель ${i}` });
    await call(anna, 'POST', '/messages', { roomId: room, content: 'вспомни начало', replyTo: start.message.id });
    await boris.reload();
    const reply = messageWith(boris, 'вспомни начало');
    await expect(reply).toBeVisible();
    await expect(messageWith(boris, 'с чего всё началось')).toHaveCount(0); // more than a page back
    await reply.getByTestId('reply-quote').click();
    await expect(messageWith(boris, 'с чего всё началось')).toBeInViewport();
    await boris.getByRole('button', { name: ru.chat.backToPresent }).click();
    await expect(messageWith(boris, 'вспомни начало')).toBeVisible();
    await expect(boris.getByRole('button', { name: ru.chat.backToPresent })).toHaveCount(0);
  });

  await test.step('read on one tab is read on the others', async () => {
    await boris.goto('/');
    // The second tab's socket connects only after Anna's message is stored, so what the page read while
    // connecting is missing it: the connection itself must catch the tab up (SYNC-1).
    const borisAgain = await boris.context().newPage();
    let release = () => {};
    const held = new Promise<void>((done) => (release = done));
    await borisAgain.routeWebSocket(/\/socket\.io\//, async (ws) => {
      await held;
      ws.connectToServer();
    });
    await borisAgain.goto('/');
    const [first, second] = [boris, borisAgain].map((tab) => tab.getByTestId('direct-link').filter({ hasText: 'anna' }));
    await expect(second!.getByTestId('unread-badge')).toHaveCount(0);
    await send(anna, 'ещё одно');
    await expect(messageWith(anna, 'ещё одно')).toHaveAttribute('data-state', 'sent');
    release();
    for (const link of [first!, second!]) await expect(link.getByTestId('unread-badge')).toHaveText('1');
    await first!.click();
    await expect(boris.getByTestId('message').filter({ hasText: 'ещё одно' })).toBeVisible();
    await expect(second!.getByTestId('unread-badge')).toHaveCount(0);
  });
});

test('a tab cut off while the conversation goes on catches up: no gap, no duplicate, edits and deletions', async ({
  browser,
}) => {
  const vera = await openApp(browser, server.url);
  const gleb = await openApp(browser, server.url);
  await register(vera, 'vera');
  await register(gleb, 'gleb');
  const glebId = await me(gleb);
  await call(vera, 'POST', '/friends/add', { userId: glebId.id });
  const { incoming } = await call(gleb, 'GET', '/friends/requests');
  await call(gleb, 'POST', `/friends/requests/${incoming[0].id}/accept`);
  const { room } = await call(vera, 'POST', `/direct/${glebId.id}`);

  /** Vera writes `count` messages `<prefix> 1…count` over REST, in order; their ids. */
  const write = (prefix: string, count: number): Promise<number[]> =>
    vera.evaluate(
      async ({ roomId, prefix, count }) => {
        const headers = { authorization: `Bearer ${localStorage.getItem('woxly.token')}`, 'content-type': 'application/json' };
        const ids = [];
        for (let i = 1; i <= count; i++) {
          const body = JSON.stringify({ roomId, content: `${prefix} ${i}` });
          const response = await fetch('/api/messages', { method: 'POST', headers, body });
          ids.push((await response.json()).message.id);
        }
        return ids;
      },
      { roomId: room.id, prefix, count },
    );

  // Gleb has the conversation open in two tabs; the first one's socket goes through a route the test
  // can cut, and hold while it tries to come back (its HTTP long-polling fallback refused meanwhile).
  const cutTab = gleb;
  const liveTab = await gleb.context().newPage();
  let cut = async () => {};
  let holding = false;
  let held = Promise.resolve();
  let release = () => {};
  let knocked = () => {};
  const knocking = new Promise<void>((done) => (knocked = done));
  await cutTab.route(/\/socket\.io\//, (request) => (holding ? request.abort() : request.continue()));
  await cutTab.routeWebSocket(/\/socket\.io\//, async (ws) => {
    if (holding) {
      knocked();
      await held;
    }
    const toServer = ws.connectToServer();
    cut = async () => {
      await toServer.close();
      await ws.close();
    };
  });
  const before = await write('до', 20);
  for (const tab of [cutTab, liveTab]) {
    await tab.goto(`/rooms/${room.id}`);
    await expect(messageWith(tab, 'до 20')).toBeVisible();
  }

  held = new Promise<void>((done) => (release = done));
  holding = true;
  await cut();
  await knocking; // the cut tab is trying to reconnect, and is held

  const during = await write('пока нет', 200);
  const edited = [...before.slice(0, 5), ...during.slice(0, 5)];
  for (const id of edited) await call(vera, 'PATCH', `/messages/${id}`, { content: `исправлено ${id}` });
  for (const id of [...before.slice(10, 13), ...during.slice(10, 12)]) await call(vera, 'DELETE', `/messages/${id}`);
  for (const id of [before[15], during[15]]) await call(vera, 'PUT', `/messages/${id}/reactions/${encodeURIComponent('👍')}`);

  holding = false;
  release();
  // More arrives live while the cut tab catches up.
  await write('снова', 3);
  await expect(messageWith(liveTab, 'снова 3')).toBeVisible();
  const shown = await liveTab.getByTestId('message').allTextContents();
  expect(shown.length).toBe(223);
  await expect(cutTab.getByTestId('message')).toHaveText(shown, { timeout: 30_000 });
  await expect(messageWith(cutTab, ru.chat.deleted)).toHaveCount(5);
  await expect(cutTab.getByTestId('edited')).toHaveCount(10);
});

test('blocking from the friend list: unfriended, not found by them, their messages collapsed; unblocked in the privacy settings', async ({
  browser,
}) => {
  const vika = await openApp(browser, server.url);
  const yura = await openApp(browser, server.url);
  await register(vika, 'vika');
  await register(yura, 'yura');
  const [vikaId, yuraId] = [await me(vika), await me(yura)];
  await call(vika, 'POST', '/friends/add', { userId: yuraId.id });
  const { incoming } = await call(yura, 'GET', '/friends/requests');
  await call(yura, 'POST', `/friends/requests/${incoming[0].id}/accept`);
  const { room } = await call(vika, 'POST', '/rooms', { name: 'вечер', isPrivate: true, invitedFriends: [yuraId.id] });
  await call(yura, 'POST', `/rooms/${room.id}/join`);
  await call(yura, 'POST', '/messages', { roomId: room.id, content: 'привет из комнаты' });

  const row = vika.getByTestId('friend-row').filter({ hasText: 'yura' });
  await row.getByRole('button', { name: ru.friends.more.replace('{{name}}', 'yura') }).click();
  await row.getByRole('menuitem', { name: ru.blocking.block.replace('{{name}}', 'yura') }).click();
  await vika.getByRole('dialog').getByRole('button', { name: ru.blocking.confirm }).click();
  await expect(row).toHaveCount(0);
  await expect(yura.getByTestId('friend-row')).toHaveCount(0);
  const asked = await call(yura, 'POST', '/friends/add', { woxlyId: vikaId.woxlyId });
  expect(asked.code).toBe('user_not_found');

  await vika.goto(`/rooms/${room.id}`);
  const collapsed = vika.getByTestId('blocked-message');
  await expect(collapsed).toHaveText(new RegExp(ru.blocking.collapsed));
  await expect(messageWith(vika, 'привет из комнаты')).toHaveCount(0);
  await collapsed.getByRole('button', { name: ru.blocking.show }).click();
  await expect(messageWith(vika, 'привет из комнаты')).toBeVisible();

  await openSettings(vika, 'privacy');
  await vika.getByRole('button', { name: ru.blocking.unblock.replace('{{name}}', 'yura') }).click();
  await expect(vika.getByTestId('blocked-user')).toHaveCount(0);
  await vika.goto(`/rooms/${room.id}`);
  await expect(messageWith(vika, 'привет из комнаты')).toBeVisible();
  await expect(vika.getByTestId('blocked-message')).toHaveCount(0);
});
