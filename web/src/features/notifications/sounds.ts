// NOTIF-2: a sound per kind, at half volume. The tones are synthesised with Web Audio rather than
// shipped as files: nothing to download or license, and each kind stays recognisable.

import { useSession } from '@/lib/session';
import { notificationKindName, type NotificationKindName, type NotificationType } from '@/lib/types';

type Note = [frequencyHz: number, startS: number, lengthS: number];

const tunes: Record<NotificationKindName, Note[]> = {
  friendRequest: [
    [660, 0, 0.12],
    [880, 0.13, 0.18],
  ],
  roomInvitation: [
    [523, 0, 0.1],
    [659, 0.11, 0.1],
    [784, 0.22, 0.18],
  ],
  incomingCall: [
    [880, 0, 0.25],
    [740, 0.3, 0.25],
    [880, 0.6, 0.25],
    [740, 0.9, 0.25],
  ],
  missedCall: [
    [587, 0, 0.16],
    [440, 0.18, 0.24],
  ],
  message: [[988, 0, 0.09]],
  mention: [
    [988, 0, 0.08],
    [1319, 0.1, 0.14],
  ],
};

const VOLUME = 0.5;
let context: AudioContext | null = null;

/** NOTIF-5: "do not disturb" (the busy status) silences every sound and desktop notification. */
export const doNotDisturb = () => useSession.getState().user?.status === 'busy';

export function playSound(kind: NotificationType) {
  if (doNotDisturb()) return;
  try {
    context ??= new AudioContext();
    const audio = context;
    // Browsers may keep audio suspended until the user has interacted with the page: then stay silent.
    void audio.resume().catch(() => {});
    const now = audio.currentTime;
    for (const [frequency, start, length] of tunes[notificationKindName[kind]]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0, now + start);
      gain.gain.linearRampToValueAtTime(VOLUME * 0.4, now + start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + start + length);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + start);
      oscillator.stop(now + start + length + 0.02);
    }
  } catch {
    // No Web Audio here: notifications still show.
  }
}
