import { api } from '@/lib/api-client';

export interface IceServers {
  iceServers: RTCIceServer[];
  ttl: number;
}

/** VOICE-4: STUN and TURN from our own server, TURN with credentials that expire. */
export const getIceServers = () => api<IceServers>('GET', '/voice/ice-servers');
