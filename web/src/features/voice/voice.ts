// The tab's one voice manager, wired to the tab's socket, the REST client and the saved settings.

import { useStore } from 'zustand';
import { socket } from '@/lib/socket';
import { getIceServers } from './api/get-ice-servers';
import { useVoiceSettings } from './settings';
import { VoiceManager, type VoiceState } from './voice-manager';

export const voice = new VoiceManager({ socket, getIceServers, settings: () => useVoiceSettings.getState() });

export const useVoice = <T>(select: (state: VoiceState) => T): T => useStore(voice.state, select);
