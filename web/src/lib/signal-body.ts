/** What travels inside a signal's `offer`, `answer` and `candidate`: the WebRTC object plus the two
 * negotiation sessions (the sender's and the one it is meant for) and, with a description, what the
 * sender sends in each media section that carries video of it (by `mid`: camera or screen, VIDEO-1,
 * VIDEO-2). The server relays it untouched. */
export type SignalBody = (RTCSessionDescriptionInit | RTCIceCandidateInit) & {
  session?: string;
  target?: string | null;
  media?: Record<string, 'camera' | 'screen'>;
};
