// VOICE-14 from the user's side, through the server's forwarding server (`--voice-mode sfu`), on real
// decoded media: three people hear each other and see a camera with two connections each (not one per
// person), a share reaches only the one who watches it, the room says its media goes through the server
// and what that means, and someone leaving stops being heard.

import { expect, ru, screenshot, test } from './app';
import { chromiumArgs } from '../playwright.config';
import { WoxlyServer } from './server';
import { cameraFile, expectFramesGrowing, inboundVideo, videoIn } from './video';
import { expectHearing, openConnections, participant, threeTalking, type Person } from './voice';

test.use({
  launchOptions: { executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium', args: [...chromiumArgs, `--use-file-for-fake-video-capture=${cameraFile}`] },
});

let server: WoxlyServer;
test.beforeEach(async () => {
  // Any free UDP port for the media: the server names it in every description.
  server = await WoxlyServer.start(['--voice-mode', 'sfu', '--media-listen', '127.0.0.1:0']);
});
test.afterEach(async () => {
  await server?.dispose();
});

const tileOf = (who: Person) => `[data-testid="video-tile"][data-user="${who.id}"]`;
const STAGE = '[data-testid="share-stage"]';

/** The video tracks `who` sends, over all their connections. */
const videoSenders = (who: Person) =>
  who.page.evaluate(() => window.__openPcs().flatMap((pc) => pc.getSenders()).filter((sender) => sender.track?.kind === 'video').length);

test('through the server: everyone hears and sees the others on two connections, and a share reaches only its watcher', async ({ browser }, info) => {
  // Each hears the two others, over one connection to send and one to receive.
  const { anna, boris, vera } = await threeTalking(browser, server.url);
  for (const who of [anna, boris, vera]) expect(await openConnections(who.page)).toBe(2);
  // The room says its media goes through the server, and what that means instead of a safety code.
  await expect(vera.page.getByTestId('voice-mode')).toHaveText(ru.voice.throughServer);
  await participant(vera.page, 'Anna').getByRole('button', { name: ru.voice.personMenu.replace('{{name}}', 'Anna') }).click();
  await expect(vera.page.getByTestId('forwarded-hint')).toHaveText(ru.voice.forwardedHint);
  await expect(vera.page.getByTestId('safety-code')).toHaveCount(0);
  await vera.page.keyboard.press('Escape');

  // Anna's camera: uploaded once, decoded by both others.
  await anna.page.getByRole('button', { name: ru.video.cameraOn }).click();
  for (const viewer of [boris, vera]) {
    const video = await expectFramesGrowing(viewer.page, tileOf(anna));
    expect(video.frameWidth).toBeGreaterThan(0);
  }
  expect(await videoSenders(anna)).toBe(1);

  // Anna shares; Boris watches and decodes it; Vera, not watching, receives only the camera.
  await anna.page.getByRole('button', { name: ru.video.share }).click();
  await anna.page.getByRole('menuitem', { name: new RegExp(ru.video.motion) }).click();
  await boris.page.getByTestId('share-notice').getByRole('button', { name: ru.video.watch }).click();
  await expectFramesGrowing(boris.page, STAGE);
  await screenshot(boris.page, info, 'watching-a-share-through-the-server');
  expect(await videoSenders(anna)).toBe(2);
  await expect.poll(async () => (await inboundVideo(vera.page)).length).toBe(1);
  await expectFramesGrowing(vera.page, tileOf(anna));
  await expect(vera.page.locator(STAGE)).toHaveCount(0);

  // Anna leaves the voice: the others now hear only each other.
  await anna.page.getByRole('button', { name: ru.voice.leave }).click();
  await Promise.all([expectHearing(boris.page, 1), expectHearing(vera.page, 1)]);
  await expect.poll(() => videoIn(boris.page, STAGE)).toBeNull();
  // Her tile leaves the others' grid (her section of their connection falls silent).
  await expect(vera.page.locator(tileOf(anna))).toHaveCount(0);
});
