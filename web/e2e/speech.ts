// A speech file for Chromium's fake microphone: a spoken sentence, then three seconds of silence,
// which Chromium plays in a loop — so a speaker's indicator must come and go.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const speechFile = join(tmpdir(), 'woxly-e2e', 'speech.wav');
/** The sentence again and again with no pause: someone who is talking when the call starts. */
export const continuousSpeechFile = join(tmpdir(), 'woxly-e2e', 'continuous-speech.wav');

/** Makes the file with Debian's espeak-ng and sox; throws (failing the run) when they are missing. */
export function makeSpeechFile() {
  mkdirSync(join(tmpdir(), 'woxly-e2e'), { recursive: true });
  const spoken = join(tmpdir(), 'woxly-e2e', 'spoken.wav');
  try {
    execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', spoken, 'Hello everyone, can you hear me well? This is a voice test.']);
    execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', speechFile, 'pad', '0', '3']);
    execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', continuousSpeechFile]);
  } catch (error) {
    throw new Error(`cannot make the speech file (run ../scripts/ensure-system-packages for espeak-ng and sox): ${error}`);
  }
}
