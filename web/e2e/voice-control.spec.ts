// VOICE-8 and VOICE-10 end to end, with speech as the microphone (a sentence, then three seconds of
// silence, in a loop): audio goes out only while one speaks — or, with push-to-talk, only while the
// key is held — and RNNoise, on by default, lets speech through.

import { chromiumArgs } from '../playwright.config';
import { expect, ru, test } from './app';
import { WoxlyServer } from './server';
import { speechFile } from './speech';
import { intoVoice, AUDIBLE, energy, participant, person, roomOf, sendingOver } from './voice';

test.use({
  launchOptions: {
    executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium',
    args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${speechFile}`],
  },
});

let server: WoxlyServer;
test.beforeEach(async () => {
  server = await WoxlyServer.start();
});
test.afterEach(async () => {
  await server.dispose();
});

test('push-to-talk: nothing is sent and others see the mic off until the key is held; 200 ms after letting go it stops again', async ({ browser }) => {
  const anna = await person(browser, server.url, 'Anna');
  const boris = await person(browser, server.url, 'Boris');
  const roomId = await roomOf(anna, [boris]);
  // Every time Anna's page tells the room her microphone is on.
  const micOn: string[] = [];
  anna.page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => /^42\d*\["mic-toggle",.*"isMuted":false/.test(String(payload)) && micOn.push(String(payload))),
  );
  await intoVoice(anna.page, roomId);
  await intoVoice(boris.page, roomId);
  await expect(participant(boris.page, 'Anna')).toHaveAttribute('data-in-room', 'true');

  // Anna chooses push-to-talk on F8 in the voice settings.
  await anna.page.getByRole('button', { name: ru.voice.settings }).click();
  await anna.page.getByLabel(ru.voice.pushToTalk).check();
  await anna.page.getByTestId('push-to-talk-key').click();
  await expect(anna.page.getByTestId('push-to-talk-key')).toHaveText(ru.voice.pressAKey);
  await anna.page.keyboard.press('F8');
  await expect(anna.page.getByTestId('push-to-talk-key')).toHaveText('F8');
  await anna.page.keyboard.press('Escape');
  await expect(anna.page.getByTestId('push-to-talk-hint')).toHaveText(ru.voice.holdToTalk.replace('{{key}}', 'F8'));

  // Not holding: Boris sees her microphone off, and not one byte of audio leaves her browser.
  await expect(participant(boris.page, 'Anna')).toHaveAttribute('data-muted', 'true');
  await expect.poll(() => sendingOver(anna.page)).toBe(0);
  // Pressing F8 to choose it was no press to talk: her microphone was never on for the room.
  expect(micOn).toEqual([]);

  // Holding F8: the mic is on for Boris and audio flows (silence included: the key decides, not the level).
  await anna.page.keyboard.down('F8');
  await expect(anna.page.getByTestId('push-to-talk-hint')).toHaveAttribute('data-talking', 'true');
  await expect(participant(boris.page, 'Anna')).toHaveAttribute('data-muted', 'false');
  await expect.poll(() => sendingOver(anna.page)).toBeGreaterThan(0);
  await expect.poll(() => energy(boris.page, 'in')).toBeGreaterThan(AUDIBLE);

  // Let go: it stops again.
  await anna.page.keyboard.up('F8');
  await expect(participant(boris.page, 'Anna')).toHaveAttribute('data-muted', 'true');
  await expect.poll(() => sendingOver(anna.page)).toBe(0);

  // The choice is remembered in this browser.
  await anna.page.reload();
  await anna.page.getByTestId('join-voice').click();
  await expect(anna.page.getByTestId('push-to-talk-hint')).toHaveText(ru.voice.holdToTalk.replace('{{key}}', 'F8'));
});

test('voice activity: with noise suppression on, speech is sent and the pauses are not; at the strictest sensitivity nothing is', async ({ browser }) => {
  // RNNoise on, as it is for everyone by default; the requests show its WebAssembly comes from our server.
  const anna = await person(browser, server.url, 'Anna', { noiseSuppression: true });
  const boris = await person(browser, server.url, 'Boris');
  const fetched: string[] = [];
  anna.page.on('request', (request) => fetched.push(request.url()));
  const roomId = await roomOf(anna, [boris]);
  await intoVoice(anna.page, roomId);
  await intoVoice(boris.page, roomId);
  await boris.page.getByRole('button', { name: ru.voice.mute }).click();

  // Speaking: shown and sent; the silence after the sentence: neither.
  const anne = participant(boris.page, 'Anna');
  await expect(anne).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 });
  await expect.poll(() => sendingOver(anna.page, 300)).toBeGreaterThan(0);
  await expect(anne).toHaveAttribute('data-speaking', 'false', { timeout: 15_000 });
  await expect.poll(() => sendingOver(anna.page, 300)).toBe(0);
  expect(fetched.some((url) => url.startsWith(server.url) && /rnnoise.*\.wasm$/.test(url))).toBe(true);

  // Sensitivity at 0 dBFS: no speech is that loud, so nothing goes out through a whole sentence.
  await anna.page.getByRole('button', { name: ru.voice.settings }).click();
  await anna.page.getByLabel(ru.voice.sensitivity).fill('0');
  await anna.page.keyboard.press('Escape');
  await expect(anne).toHaveAttribute('data-speaking', 'false');
  expect(await sendingOver(anna.page, 8000)).toBe(0);
});
