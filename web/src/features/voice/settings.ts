// PANEL-3, VOICE-8…10: the user's voice settings, remembered in this browser (per device: a laptop's
// microphone wants another sensitivity than a headset's).

import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface VoiceSettings {
  /** `''`: the system default. */
  microphoneId: string;
  speakerId: string;
  /** VIDEO-1: the camera (`''`: the system default). */
  cameraId: string;
  /** Gain applied to the microphone before it is sent: 0–2 (1 = as captured). */
  inputVolume: number;
  /** Volume of everyone we hear: 0–1. */
  outputVolume: number;
  /** Send and receive media only through the server's TURN relay (hides our IP address from peers). */
  relayOnly: boolean;
  /** VOICE-8: send only while `pushToTalkKey` is held, instead of when the voice is loud enough. */
  pushToTalk: boolean;
  /** `KeyboardEvent.code` of the push-to-talk key. */
  pushToTalkKey: string;
  /** VOICE-8: the level (dBFS) above which we count as speaking, and audio is sent. */
  sensitivityDb: number;
  /** VOICE-10: RNNoise in the microphone's path. */
  noiseSuppression: boolean;
  /** VOICE-9: each person's volume as I hear them, 0–2, by user id (absent: 1). */
  peerVolumes: Record<number, number>;
  /** VOICE-9: people I muted for myself, by user id. */
  peerMuted: Record<number, boolean>;
  update: (change: Partial<Omit<VoiceSettings, 'update'>>) => void;
}

/** Where speech starts by default (dBFS): what the speaking light used before it could be set. */
export const DEFAULT_SENSITIVITY_DB = -45;

export const useVoiceSettings = create<VoiceSettings>()(
  persist(
    (set) => ({
      microphoneId: '',
      speakerId: '',
      cameraId: '',
      inputVolume: 1,
      outputVolume: 1,
      relayOnly: false,
      pushToTalk: false,
      pushToTalkKey: 'Backquote',
      sensitivityDb: DEFAULT_SENSITIVITY_DB,
      noiseSuppression: true,
      peerVolumes: {},
      peerMuted: {},
      update: (change) => set(change),
    }),
    // Settings saved before a field existed get its default (zustand merges the saved state shallowly).
    { name: 'woxly.voice' },
  ),
);
