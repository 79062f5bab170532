// VOICE-9, PANEL-2, PANEL-3: how loud each person plays here. An <audio> element's volume stops at
// 100 %; above that the person's stream also goes through a Web Audio gain, with the element muted
// (Chrome plays a remote WebRTC stream through Web Audio only while an element holds it).

export interface Playback {
  /** The <audio> element's own volume, 0–1. */
  elementVolume: number;
  elementMuted: boolean;
  /** Gain of the Web Audio path, used only above 100 %; `null`: no boost, the element plays. */
  boost: number | null;
}

export function playback(options: { outputVolume: number; peerVolume: number; mutedForMe: boolean; deafened: boolean }): Playback {
  const silent = options.deafened || options.mutedForMe;
  const volume = Math.max(0, options.outputVolume * options.peerVolume);
  if (volume <= 1 || silent) return { elementVolume: Math.min(1, volume), elementMuted: silent, boost: null };
  return { elementVolume: 1, elementMuted: true, boost: volume };
}
