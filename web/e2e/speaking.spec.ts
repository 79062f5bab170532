// VOICE-5 end to end: with speech as the microphone, the others see the speaking indicator come
// while words are spoken and go in the silence after them.

import { chromiumArgs } from '../playwright.config';
import { expect, ru, test } from './app';
import { WoxlyServer } from './server';
import { speechFile } from './speech';
import { intoVoice, participant, person, roomOf } from './voice';

test.use({
  launchOptions: {
    executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium',
    args: [...chromiumArgs, `--use-file-for-fake-audio-capture=${speechFile}`],
  },
});

test('the others see who speaks, and see it stop when they fall silent', async ({ browser }) => {
  const server = await WoxlyServer.start();
  try {
    const anna = await person(browser, server.url, 'Anna');
    const boris = await person(browser, server.url, 'Boris');
    const roomId = await roomOf(anna, [boris]);
    await intoVoice(anna.page, roomId);
    await intoVoice(boris.page, roomId);

    // Boris mutes himself so that only Anna's speech counts; he watches her entry.
    await boris.page.getByRole('button', { name: ru.voice.mute }).click();
    const annaAsBorisSeesHer = participant(boris.page, 'Anna');
    for (let cycle = 0; cycle < 2; cycle += 1) {
      await expect(annaAsBorisSeesHer).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 });
      await expect(annaAsBorisSeesHer).toHaveAttribute('data-speaking', 'false', { timeout: 15_000 });
    }
    // Muted, Boris is never shown speaking although his microphone hears the same speech.
    await expect(participant(anna.page, 'Boris')).toHaveAttribute('data-speaking', 'false');
    await expect(participant(anna.page, 'Boris')).toHaveAttribute('data-muted', 'true');
  } finally {
    await server.dispose();
  }
});
