// PANEL-3: the user's voice settings, remembered in this browser.

import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface VoiceSettings {
  /** `''`: the system default. */
  microphoneId: string;
  speakerId: string;
  /** Gain applied to the microphone before it is sent: 0–2 (1 = as captured). */
  inputVolume: number;
  /** Volume of everyone we hear: 0–1. */
  outputVolume: number;
  /** Send and receive media only through the server's TURN relay (hides our IP address from peers). */
  relayOnly: boolean;
  update: (change: Partial<Omit<VoiceSettings, 'update'>>) => void;
}

export const useVoiceSettings = create<VoiceSettings>()(
  persist(
    (set) => ({
      microphoneId: '',
      speakerId: '',
      inputVolume: 1,
      outputVolume: 1,
      relayOnly: false,
      update: (change) => set(change),
    }),
    { name: 'woxly.voice' },
  ),
);
