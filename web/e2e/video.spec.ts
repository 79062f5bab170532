// VIDEO-1…VIDEO-4 from the user's side, on real decoded frames: cameras in a room of two and three
// (a known picture, the right way round, smaller as the room grows), a screen share that reaches only
// the people who chose to watch it, someone coming in mid-share, stopping from the browser's bar, and
// the share coming back by itself after everyone's connection dropped.

import type { Browser } from '@playwright/test';
import { expect, ru, screenshot, seriousViolations, test } from './app';
import { chromiumArgs } from '../playwright.config';
import { WoxlyServer } from './server';
import { CAMERA_WIDTH, cameraFile, colours, expectFramesGrowing, inboundVideo, stopFromBrowserBar, videoIn } from './video';
import { expectHearing, intoVoice, openConnections, participant, person, roomOf, type Person } from './voice';

test.use({
  launchOptions: { executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium', args: [...chromiumArgs, `--use-file-for-fake-video-capture=${cameraFile}`] },
});

let server: WoxlyServer;
test.beforeEach(async () => {
  server = await WoxlyServer.start();
});
test.afterEach(async () => {
  await server?.dispose();
});

const tileOf = (who: Person) => `[data-testid="video-tile"][data-user="${who.id}"]`;
const STAGE = '[data-testid="share-stage"]';

const cameraButton = (who: Person) => who.page.getByRole('button', { name: ru.video.cameraOn });

/** The picture of the fake camera: red on the left, blue on the right (after a lossy codec). */
async function expectKnownPicture(viewer: Person, selector: string) {
  await expect
    .poll(async () => {
      const seen = await colours(viewer.page, selector);
      if (!seen) return false;
      const [left, right] = seen;
      return left[0]! > 150 && left[2]! < 100 && right[2]! > 150 && right[0]! < 100;
    })
    .toBe(true);
}

/** The encoding each camera sender of `who` is set to (VIDEO-3). */
async function cameraEncodings(who: Person) {
  return who.page.evaluate(() =>
    window
      .__openPcs()
      .flatMap((pc) => pc.getSenders())
      .filter((sender) => sender.track?.kind === 'video')
      .map((sender) => {
        const [encoding] = sender.getParameters().encodings;
        return { scale: encoding?.scaleResolutionDownBy, maxBitrate: encoding?.maxBitrate };
      }),
  );
}

/** Anna and Boris in the voice of Anna's room, hearing each other; Vera a member not yet in it. */
async function annaAndBorisTalkingVeraNear(browser: Browser) {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  const vera = await person(browser, server.url, 'Vera');
  const roomId = await roomOf(anna, [boris, vera]);
  for (const who of [anna, boris]) await intoVoice(who.page, roomId);
  await Promise.all([expectHearing(anna.page, 1), expectHearing(boris.page, 1)]);
  return { anna, boris, vera, roomId };
}

test('cameras: two and then three people see each other, a person without a camera sees everyone', async ({ browser }, info) => {
  const { anna, boris, vera, roomId } = await annaAndBorisTalkingVeraNear(browser);

  // Two cameras: each sees the other's known picture, decoded, at the camera's size.
  for (const who of [anna, boris]) await cameraButton(who).click();
  for (const [viewer, shown] of [[anna, boris], [boris, anna]] as const) {
    const video = await expectFramesGrowing(viewer.page, tileOf(shown));
    expect(video.frameWidth).toBeGreaterThan(0);
    expect(video.frameWidth).toBeLessThanOrEqual(CAMERA_WIDTH);
    // Frames keep coming at a rate (the camera gives 30 a second; a busy machine's encoder may send fewer).
    await expect.poll(async () => (await videoIn(viewer.page, tileOf(shown)))?.framesPerSecond ?? 0).toBeGreaterThan(1);
    await expectKnownPicture(viewer, tileOf(shown));
    // Their own tile shows their own camera; the other's tile is named for a screen reader.
    await expect(viewer.page.locator(tileOf(viewer))).toHaveAttribute('data-showing', 'camera');
    await expect(viewer.page.getByRole('figure', { name: shown.name })).toBeVisible();
  }
  await expect.poll(() => cameraEncodings(anna)).toEqual([{ scale: 1, maxBitrate: 1_200_000 }]);
  await expect(participant(anna.page, 'Boris').getByTestId('camera-mark')).toBeVisible();

  // Vera comes in without a camera: she sees both, and her own tile shows her avatar.
  await intoVoice(vera.page, roomId);
  for (const shown of [anna, boris]) await expectKnownPicture(vera, tileOf(shown));
  await expect(anna.page.locator(tileOf(vera))).toHaveAttribute('data-showing', 'avatar');
  // Anna now sends to two: each copy smaller and lighter.
  await expect.poll(() => cameraEncodings(anna)).toEqual([
    { scale: 1.5, maxBitrate: 800_000 },
    { scale: 1.5, maxBitrate: 800_000 },
  ]);

  // Vera's camera too: three cameras, each decoded by the two others.
  await cameraButton(vera).click();
  for (const viewer of [anna, boris, vera]) {
    for (const shown of [anna, boris, vera].filter((other) => other !== viewer)) await expectFramesGrowing(viewer.page, tileOf(shown));
  }
  await screenshot(anna.page, info, 'three-cameras');

  // Boris turns his off: the others see his avatar again. On again, it comes back on the same
  // transceivers (a camera turned on and off all evening must not grow every offer).
  const transceivers = () => boris.page.evaluate(() => window.__openPcs().reduce((sum, pc) => sum + pc.getTransceivers().length, 0));
  const before = await transceivers();
  await boris.page.getByRole('button', { name: ru.video.cameraOff }).click();
  for (const viewer of [anna, vera]) {
    await expect(viewer.page.locator(tileOf(boris))).toHaveAttribute('data-showing', 'avatar');
  }
  await cameraButton(boris).click();
  for (const viewer of [anna, vera]) await expectKnownPicture(viewer, tileOf(boris));
  expect(await transceivers()).toBe(before);
  await boris.page.getByRole('button', { name: ru.video.cameraOff }).click();
  await expect(anna.page.locator(tileOf(boris))).toHaveAttribute('data-showing', 'avatar');
  // A tile focused by a click shows large; the details say its size, rate and loss.
  await anna.page.getByRole('button', { name: ru.video.focus.replace('{{name}}', 'Vera') }).click();
  await anna.page.locator(tileOf(vera)).hover();
  await anna.page.getByRole('button', { name: ru.video.details.replace('{{name}}', 'Vera') }).click();
  await expect(anna.page.locator(tileOf(vera)).getByTestId('video-stats')).toContainText('×');
  // Tiles and controls have names; nothing serious for a screen reader or the keyboard.
  await expect(anna.page.getByRole('button', { name: ru.video.cameraOff })).toBeVisible();
  await expect(anna.page.getByRole('button', { name: ru.video.share })).toBeVisible();
  expect(await seriousViolations(anna.page)).toEqual([]);
});

test('a share reaches only who watches it, newcomers see it, and the browser bar stops it for everyone', async ({ browser }, info) => {
  const { anna, boris, vera, roomId } = await annaAndBorisTalkingVeraNear(browser);

  // Anna shares in "text" quality; Boris sees that she shares and watches.
  await anna.page.getByRole('button', { name: ru.video.share }).click();
  await anna.page.getByRole('menuitem', { name: new RegExp(ru.video.text) }).click();
  await expect(anna.page.getByTestId('own-share')).toBeVisible();
  const notice = (viewer: Person) => viewer.page.getByTestId('share-notice').filter({ hasText: 'Anna' });
  await expect(notice(boris)).toContainText(ru.video.isSharing.replace('{{name}}', 'Anna'));
  await notice(boris).getByRole('button', { name: ru.video.watch }).click();
  const watched = await expectFramesGrowing(boris.page, STAGE);
  expect(watched.frameWidth).toBeGreaterThanOrEqual(1280);
  // "Text" quality: at full size, and at most 15 frames a second (counted over the frames of 20 and more).
  const first = await videoIn(boris.page, STAGE);
  await expect.poll(async () => ((await videoIn(boris.page, STAGE))?.framesDecoded ?? 0) - (first?.framesDecoded ?? 0), { timeout: 30_000 }).toBeGreaterThan(20);
  const [before, later] = [first!, (await videoIn(boris.page, STAGE))!];
  const seconds = (later.timestamp - before.timestamp) / 1000;
  expect((later.framesDecoded - before.framesDecoded) / seconds).toBeLessThanOrEqual(16);
  await expect(boris.page.getByRole('button', { name: ru.video.fullScreen })).toBeVisible();
  // Its details say the size it arrives at.
  await boris.page.getByTestId('share-stage').getByRole('button', { name: ru.video.details.replace('{{name}}', 'Anna') }).click();
  await expect(boris.page.getByTestId('share-stats')).toContainText(/\d{4}×\d{3,4}/);
  await screenshot(boris.page, info, 'watching-a-share');
  // The others' tiles run along the stage's edge.
  await expect(boris.page.locator(tileOf(anna))).toBeVisible();
  expect(await seriousViolations(boris.page)).toEqual([]);

  // Vera comes in mid-share: she is told Anna shares and, not watching, receives none of it.
  await intoVoice(vera.page, roomId);
  await expectHearing(vera.page, 2);
  await expect(notice(vera)).toBeVisible();
  // The room's list marks her as sharing too, and says so to a screen reader.
  await expect(participant(vera.page, 'Anna').getByTestId('sharing-mark')).toBeVisible();
  await expect(participant(vera.page, 'Anna')).toContainText(ru.rooms.sharing);
  await screenshot(vera.page, info, 'told-of-a-share');
  await expectFramesGrowing(boris.page, STAGE);
  expect(await inboundVideo(vera.page)).toEqual([]);
  // Anna's connection to Vera carries no video at all; to Boris, the share.
  const sending = await anna.page.evaluate(() =>
    window.__openPcs().map((pc) => pc.getSenders().filter((sender) => sender.track?.kind === 'video').length),
  );
  expect(sending.sort()).toEqual([0, 1]);

  // Vera chooses to watch: now she decodes it too; Boris stops: his copy stops coming.
  await notice(vera).getByRole('button', { name: ru.video.watch }).click();
  await expectFramesGrowing(vera.page, STAGE);
  await boris.page.getByRole('button', { name: ru.video.stopWatching }).click();
  await expect(boris.page.locator(STAGE)).toBeHidden();
  await expect.poll(() => anna.page.evaluate(() => window.__openPcs().flatMap((pc) => pc.getSenders()).filter((s) => s.track?.kind === 'video').length)).toBe(1);

  // Anna stops from the browser's own bar: everyone sees it at once, and nothing more is sent.
  await stopFromBrowserBar(anna.page);
  await expect(anna.page.getByTestId('own-share')).toBeHidden();
  for (const viewer of [boris, vera]) await expect(notice(viewer)).toBeHidden();
  await expect(participant(vera.page, 'Anna').getByTestId('sharing-mark')).toBeHidden();
  await expect(vera.page.locator(STAGE)).toContainText(ru.video.stopped.replace('{{name}}', 'Anna'));
  await expect.poll(() => videoIn(vera.page, STAGE)).toBeNull();
  await expect(anna.page.getByRole('button', { name: ru.video.share })).toBeVisible();
});

test('a watched share comes back by itself after everyone reconnects', async ({ browser }) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  const roomId = await roomOf(anna, [boris]);
  for (const who of [anna, boris]) await intoVoice(who.page, roomId);
  await Promise.all([expectHearing(anna.page, 1), expectHearing(boris.page, 1)]);
  await anna.page.getByRole('button', { name: ru.video.share }).click();
  await anna.page.getByRole('menuitem', { name: new RegExp(ru.video.motion) }).click();
  await boris.page.getByTestId('share-notice').getByRole('button', { name: ru.video.watch }).click();
  await expectFramesGrowing(boris.page, STAGE);
  const made = () => boris.page.evaluate(() => window.__pcs.length);
  const connectionsBefore = await made();

  // The server restarts: both reconnect on new connections, Anna shares again by herself and Boris
  // watches again — the frames he decodes come on a new connection (only open ones are read).
  await server.restart();
  for (const who of [anna, boris]) await expect(who.page.getByTestId('reconnecting-overlay')).toBeHidden({ timeout: 30_000 });
  await expect.poll(made).toBeGreaterThan(connectionsBefore);
  await expect.poll(() => openConnections(boris.page)).toBe(1);
  await expectFramesGrowing(boris.page, STAGE);
  // He hears two: Anna's voice and her share's sound (the fake screen has a tone).
  await expectHearing(boris.page, 2);
  await expect(anna.page.getByTestId('own-share')).toBeVisible();
});
