// VOICE-14 from the user's side, through the server's forwarding server (`--voice-mode sfu`), on real
// decoded media: three people hear each other and see a camera with two connections each (not one per
// person), a share reaches only the one who watches it, the room says its media goes through the server
// and what that means, and someone leaving stops being heard. VOICE-15: media through the server is
// encrypted end to end. What the server forwards is ciphertext: a tap of the frames as a receiver gets
// them finds neither the fake camera's picture nor the speech, which the same frames give once
// decrypted with the keys that receiver was given. A server that swaps someone's identity key changes
// the safety code of whoever got the forged key, who then decodes nothing of that person.

import { expect, ru, screenshot, test } from './app';
import { chromiumArgs } from '../playwright.config';
import { WoxlyServer } from './server';
import { continuousSpeechFile } from './speech';
import { camera720File, expectFramesGrowing, inboundVideo, videoIn } from './video';
import { correlation, decodeVp8, decrypt, expectOneRoomCode, opusLoudness, roomCodeOf, swapIdentityOf, tapFrames, tapped } from './encryption';
import { AUDIBLE, expectHearing, intoVoice, openConnections, participant, person, roomOf, talkingInARoom, threeTalking, type Person } from './voice';

test.use({
  launchOptions: {
    executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium',
    // Speech, so that what the server forwards can be checked for it.
    args: [...chromiumArgs, `--use-file-for-fake-video-capture=${camera720File}`, `--use-file-for-fake-audio-capture=${continuousSpeechFile}`],
  },
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
  // The room says its media goes through the server encrypted end to end, with one safety code for
  // all three (VOICE-15), which each person's menu shows too, with what it proves.
  await expect(vera.page.getByTestId('voice-mode')).toHaveText(ru.voice.throughServerEncrypted);
  const codeWithAnna = await expectOneRoomCode([anna, boris, vera]);
  await participant(vera.page, 'Anna').getByRole('button', { name: ru.voice.personMenu.replace('{{name}}', 'Anna') }).click();
  await expect(vera.page.getByTestId('safety-code')).toHaveText(codeWithAnna);
  await expect(vera.page.getByTestId('forwarded-hint')).toHaveText(ru.voice.roomCodeHint);
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
  // The code the two left compare covers only them now.
  const codeWithoutAnna = await expectOneRoomCode([boris, vera]);
  expect(codeWithoutAnna).not.toBe(codeWithAnna);

  // She comes back: keys are exchanged again (the others changed theirs when she left), everyone
  // hears everyone, and the code covers the three of them — the same as before, as her tab is.
  await anna.page.getByTestId('join-voice').click();
  await Promise.all([anna, boris, vera].map((who) => expectHearing(who.page, 2)));
  expect(await expectOneRoomCode([anna, boris, vera])).toBe(codeWithAnna);
});

/** What `page` receives of `peer`'s voice: bytes and energy of the track its <audio> element plays. */
async function voiceFrom(page: Person['page'], peer: Person) {
  return page.evaluate(async (peerId) => {
    const element = document.querySelector<HTMLAudioElement>(`audio[data-peer="${peerId}"][data-sound="voice"]`);
    const trackId = element?.srcObject instanceof MediaStream ? element.srcObject.getAudioTracks()[0]?.id : undefined;
    for (const pc of window.__openPcs()) {
      for (const report of (await pc.getStats()).values()) {
        if (report.type === 'inbound-rtp' && report.kind === 'audio' && report.trackIdentifier === trackId) {
          return { bytesReceived: report.bytesReceived ?? 0, totalAudioEnergy: report.totalAudioEnergy ?? 0 };
        }
      }
    }
    return { bytesReceived: 0, totalAudioEnergy: 0 };
  }, peer.id);
}

test('the server forwards ciphertext: no picture, no speech in it, both there once decrypted with the keys a listener holds', async ({ browser }) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris', undefined, tapFrames);
  const roomId = await roomOf(anna, [boris]);
  await intoVoice(anna.page, roomId);
  await intoVoice(boris.page, roomId);
  await expectOneRoomCode([anna, boris]);
  await anna.page.getByRole('button', { name: ru.video.cameraOn }).click();

  // Boris's tap: Anna's frames as the server forwarded them, and the keys Boris was given.
  const { frames, keys } = await tapped(boris.page, 250, 90);
  expect(keys.size).toBeGreaterThan(0);
  const plain = await Promise.all(frames.map((frame) => decrypt(frame, keys)));
  // Every frame is ciphertext under a media key Boris was given (AES-GCM opens nothing else)...
  expect(plain.filter((p) => p === null)).toHaveLength(0);
  // ...and keeps in the clear only the bytes the docs name.
  for (const [i, frame] of frames.entries()) {
    const clear = frame.kind === 'audio' ? 1 : frame.type === 'key' ? 10 : 3;
    expect([...frame.bytes.subarray(0, clear)]).toEqual([...plain[i]!.subarray(0, clear)]);
    expect(frame.bytes.length).toBe(plain[i]!.length + 32);
  }

  // The camera's picture: decoded from the decrypted frames, not from the forwarded ones.
  const video = frames.flatMap((frame, i) => (frame.kind === 'video' ? [{ key: frame.type === 'key', cipher: frame.bytes, plain: plain[i]! }] : []));
  const start = video.findIndex((frame) => frame.key);
  expect(start).toBeGreaterThanOrEqual(0);
  const fromKey = video.slice(start);
  const decrypted = await decodeVp8(boris.page, fromKey.map((f) => ({ key: f.key, bytes: f.plain })));
  expect(decrypted.camera).toBeGreaterThan(fromKey.length / 2);
  const forwarded = await decodeVp8(boris.page, fromKey.map((f) => ({ key: f.key, bytes: f.cipher })));
  expect(forwarded.camera).toBe(0);

  // The speech: its loudness rises and falls with the syllables once decrypted; what is forwarded,
  // fed to the same decoder, follows none of it.
  const audio = frames.flatMap((frame, i) => (frame.kind === 'audio' ? [{ cipher: frame.bytes, plain: plain[i]! }] : []));
  const spoken = await opusLoudness(boris.page, audio.map((a) => a.plain));
  const heard = await opusLoudness(boris.page, audio.map((a) => a.cipher));
  // Speech: loud syllables and silent gaps between phrases.
  expect(spoken.filter((x) => x > 0.05).length).toBeGreaterThan(20);
  expect(spoken.filter((x) => x < 0.01).length).toBeGreaterThan(10);
  // The forwarded frames decode to sound (Opus reads anything), and it is noise, not that speech.
  expect(heard.filter((x) => x > 0.01).length).toBeGreaterThan(20);
  expect(Math.abs(correlation(spoken, heard))).toBeLessThan(0.5);
});

test('a server that swaps an identity key changes the safety code of whoever got it, who then decodes nothing of that person', async ({ browser }) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  // Vera's connection to the server hands her a forged identity for Anna.
  const vera = await person(browser, server.url, 'Vera', undefined, (context) => swapIdentityOf(context, () => anna.id));
  const roomId = await roomOf(anna, [boris, vera]);
  for (const who of [anna, boris, vera]) await intoVoice(who.page, roomId);

  // Anna and Boris, whose keys nobody touched, see one code; Vera sees another.
  const annaSees = await roomCodeOf(anna, 3);
  await expect.poll(() => roomCodeOf(boris, 3)).toBe(annaSees);
  expect(await roomCodeOf(vera, 3)).not.toBe(annaSees);

  // Anna's camera: Boris decodes it; Vera receives it and decodes nothing.
  await anna.page.getByRole('button', { name: ru.video.cameraOn }).click();
  await expectFramesGrowing(boris.page, tileOf(anna));
  await expect.poll(async () => (await videoIn(vera.page, tileOf(anna)))?.bytesReceived ?? 0, { timeout: 30_000 }).toBeGreaterThan(50_000);
  expect((await videoIn(vera.page, tileOf(anna)))?.framesDecoded).toBe(0);

  // Anna's voice: Vera gets its packets and hears nothing of it, and still hears Boris.
  await expect.poll(async () => (await voiceFrom(vera.page, anna)).bytesReceived, { timeout: 30_000 }).toBeGreaterThan(20_000);
  expect((await voiceFrom(vera.page, anna)).totalAudioEnergy).toBeLessThan(AUDIBLE);
  await expect.poll(async () => (await voiceFrom(vera.page, boris)).totalAudioEnergy, { timeout: 30_000 }).toBeGreaterThan(AUDIBLE);
  await expectHearing(boris.page, 2);
});

/** What `who` sends of each simulcast layer (by RTP stream id): bytes so far and picture height now. */
function sentByLayer(who: Person): Promise<Record<string, { bytes: number; height: number }>> {
  return who.page.evaluate(async () => {
    const sent: Record<string, { bytes: number; height: number }> = {};
    for (const pc of window.__openPcs()) {
      for (const report of (await pc.getStats()).values()) {
        if (report.type === 'outbound-rtp' && report.kind === 'video' && report.rid) {
          sent[report.rid] = { bytes: report.bytesSent ?? 0, height: report.frameHeight ?? 0 };
        }
      }
    }
    return sent;
  });
}

test('a camera goes up once in layers, and each viewer gets the one that fits the tile they show it in', async ({ browser }) => {
  const { anna, boris } = await talkingInARoom(browser, server.url);
  await anna.page.getByRole('button', { name: ru.video.cameraOn }).click();
  await expectFramesGrowing(boris.page, tileOf(anna));
  const before = await sentByLayer(anna);
  const grown = async () => {
    const now = await sentByLayer(anna);
    return Object.keys(now).filter((rid) => now[rid]!.bytes > (before[rid]?.bytes ?? 0)).sort();
  };
  // Two layers at least: the whole picture may wait until the path (or, on a busy machine, the
  // processor) lets the browser encode it.
  await expect.poll(grown, { timeout: 60_000 }).toEqual(expect.arrayContaining(['l', 'm']));

  // Boris looks at himself: Anna's tile is a small one along the edge (90 pixels tall), and her
  // camera comes in its smallest layer (180 pixels, or less while her browser saves processor).
  const focus = (name: string) => boris.page.getByRole('button', { name: ru.video.focus.replace('{{name}}', name) });
  const received = async () => (await videoIn(boris.page, tileOf(anna)))?.frameHeight ?? 0;
  const smallest = async () => (await sentByLayer(anna)).l?.height ?? -1;
  await focus('Boris').click();
  await expect.poll(async () => (await received()) === (await smallest()), { timeout: 30_000 }).toBe(true);
  // He looks at her: her tile is large (432 pixels), and a larger layer comes (the whole picture
  // once Anna's browser sends it).
  await focus('Anna').click();
  await expect.poll(async () => (await received()) > (await smallest()), { timeout: 30_000 }).toBe(true);
  await expectFramesGrowing(boris.page, tileOf(anna));
});
