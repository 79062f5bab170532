/** What travels inside a signal's `offer`, `answer` and `candidate`: the WebRTC object plus the two
 * negotiation sessions (the sender's and the one it is meant for) and, with a description, what each
 * of the sender's video streams is (VIDEO-1, VIDEO-2). The server relays it untouched. */
export type SignalBody = (RTCSessionDescriptionInit | RTCIceCandidateInit) & {
  session?: string;
  target?: string | null;
  streams?: Record<string, 'camera' | 'screen'>;
};
