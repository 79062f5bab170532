// Files and search in the browser (FILE-1…FILE-3, SEARCH-1): Anna pastes a screenshot, Boris sees the
// thumbnail and opens it full size; a file from the paperclip arrives as a card; Boris searches for a
// word said long before and lands on that message.

import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from '@playwright/test';
import { call, expect, me, openApp, register, ru, screenshot, test } from './app';
import { WoxlyServer } from './server';

let server: WoxlyServer;
test.beforeAll(async () => {
  server = await WoxlyServer.start();
});
test.afterAll(async () => {
  await server?.dispose();
});

/** Pastes a 320 × 200 PNG drawn on a canvas into the focused composer, as Ctrl+V of a screenshot does. */
async function pasteScreenshot(page: Page) {
  await page.getByLabel(ru.chat.composerLabel, { exact: true }).evaluate(async (composer) => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 200;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#db2777';
    context.fillRect(0, 0, 320, 200);
    context.fillStyle = '#ffffff';
    context.fillRect(40, 40, 120, 80);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([blob], 'screenshot.png', { type: 'image/png' }));
    composer.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
  });
}

test('a pasted screenshot reaches a friend as a thumbnail; search finds an old message and opens it', async ({ browser }, info) => {
  const anna = await openApp(browser, server.url);
  const boris = await openApp(browser, server.url);
  await register(anna, 'anna');
  await register(boris, 'boris');
  const borisId = (await me(boris)).id;
  await call(anna, 'POST', '/friends/add', { userId: borisId });
  const { incoming } = await call(boris, 'GET', '/friends/requests');
  await call(boris, 'POST', `/friends/requests/${incoming[0].id}/accept`);
  const { room } = await call(anna, 'POST', `/direct/${borisId}`);
  await anna.goto(`/rooms/${room.id}`);
  await boris.goto(`/rooms/${room.id}`);

  let oldMessage = 0;
  await test.step('long ago, Anna said where the cabin is; then the chat went on', async () => {
    const sent = await call(anna, 'POST', '/messages', { roomId: room.id, content: 'Домик на озере: координаты в заметке' });
    oldMessage = sent.message.id;
    for (let n = 0; n < 70; n += 1) await call(anna, 'POST', '/messages', { roomId: room.id, content: `болтовня ${n}` });
    await expect(boris.getByTestId('message-text').filter({ hasText: 'болтовня 69' })).toBeVisible();
  });

  await test.step('Anna pastes a screenshot, sees it upload, and sends it with a caption', async () => {
    await pasteScreenshot(anna);
    const upload = anna.getByTestId('upload');
    await expect(upload).toHaveAttribute('data-state', 'ready');
    const composer = anna.getByLabel(ru.chat.composerLabel, { exact: true });
    await composer.fill('вот скриншот');
    await composer.press('Enter');
    await expect(anna.getByTestId('upload-tray')).toHaveCount(0);
  });

  await test.step('Boris sees the thumbnail in its place and opens the picture full size', async () => {
    const thumbnail = boris.getByTestId('thumbnail');
    await expect(thumbnail).toBeVisible();
    // Loaded through a link signed for Boris: the server's thumbnail, the shape of the picture.
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(thumbnail).toHaveAttribute('width', '320');
    await expect(thumbnail).toHaveAttribute('height', '200');
    await boris.getByRole('button', { name: ru.files.open.replace('{{name}}', 'screenshot.png') }).click();
    const full = boris.getByTestId('full-image');
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await boris.keyboard.press('Escape');
    await expect(full).toHaveCount(0);
  });

  await test.step('a file from the paperclip arrives as a card with its name and size', async () => {
    await anna.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('milk, bread') });
    await expect(anna.getByTestId('upload')).toHaveAttribute('data-state', 'ready');
    await anna.getByLabel(ru.chat.send).click();
    const card = boris.getByTestId('file-card').filter({ hasText: 'notes.txt' });
    await expect(card).toBeVisible();
    await expect(card).toContainText('11 Б');
    await expect(card).toHaveAttribute('href', /\/api\/attachments\/\d+\/file\?u=/);
    await screenshot(boris, info, 'files');
  });

  await test.step('a file over the limit is refused in the page, before a byte of it is sent', async () => {
    const uploads: string[] = [];
    anna.on('request', (request) => request.url().includes('/attachments') && request.method() === 'POST' && uploads.push(request.url()));
    // A sparse file on disk, given by its path: the browser reads it where it is, where 25 MiB handed
    // over as a buffer took longer than an action may on a busy machine.
    const overLimit = info.outputPath('film.mkv');
    mkdirSync(dirname(overLimit), { recursive: true });
    writeFileSync(overLimit, '');
    truncateSync(overLimit, 25 * 1024 * 1024 + 1);
    await anna.getByTestId('file-input').setInputFiles(overLimit);
    const refused = anna.getByTestId('upload').filter({ hasText: 'film.mkv' });
    await expect(refused).toHaveAttribute('data-state', 'failed');
    // 25 MiB, as people read sizes (decimal): 26 MB.
    await expect(refused.getByRole('alert')).toHaveText(ru.errors.file_too_large.replace('{{limit}}', '26 МБ'));
    expect(uploads).toEqual([]);
    await refused.getByRole('button').click();
    await expect(anna.getByTestId('upload-tray')).toHaveCount(0);
  });

  await test.step('Boris searches for the cabin and lands on that message', async () => {
    // His page's join of the room is held until the window is shown: entering a room at a search
    // result must keep the reader there when the join comes, and bring the window up to date.
    let releaseJoin = () => {};
    const released = new Promise<void>((go) => (releaseJoin = go));
    let joinHeld = () => {};
    const joining = new Promise<void>((held) => (joinHeld = held));
    await boris.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        if (typeof frame !== 'string' || !/^42\d*\["(?:join|open)-room"/.test(frame)) return server.send(frame);
        joinHeld();
        void released.then(() => server.send(frame));
      });
    });
    await boris.goto('/');
    await boris.getByRole('button', { name: ru.search.open }).click();
    await boris.getByLabel(ru.search.label).fill('озер ДОМ');
    const result = boris.getByTestId('search-result');
    await expect(result).toHaveCount(1);
    await expect(result.locator('mark')).toHaveText(['Дом', 'озер']);
    // Where it was: the conversation with Anna, named as one (not "anna anna").
    await expect(result).toContainText(`anna${ru.rooms.directWith.replace('{{name}}', 'anna')}`);
    await screenshot(boris, info, 'search');
    await result.click();
    const found = boris.locator(`[data-message-id="${oldMessage}"]`);
    await expect(found).toBeInViewport();
    await expect(found).toContainText('Домик на озере');
    await expect(boris).toHaveURL(new RegExp(`/rooms/${room.id}$`));

    // Anna corrects it before his join gets through (so no live event tells him); when it does, the
    // window catches up in place.
    await joining;
    await call(anna, 'PATCH', `/messages/${oldMessage}`, { content: 'Домик на озере: координаты у Анны' });
    releaseJoin();
    await expect(found).toContainText('координаты у Анны');
    await expect(found).toBeInViewport();
  });
});
