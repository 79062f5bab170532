// VOICE-12: the connection doctor's measurements, each with the browser's own machinery: the
// microphone through getUserMedia, STUN and TURN by gathering ICE candidates against one server URL
// at a time, and a call from the page to itself through the relay.

import type { IceServers } from '../api/get-ice-servers';
import { readQuality } from '../connection-quality';
import { Microphone } from '../microphone';
import type { DoctorResults } from './diagnose';

const GATHER_TIMEOUT_MS = 8000;
const LOOPBACK_TIMEOUT_MS = 15_000;
const PINGS = 5;

/** Opens the microphone for `ms` and returns the loudest level heard (dBFS). */
export async function checkMicrophone(deviceId: string, ms = 1500): Promise<DoctorResults['microphone']> {
  const microphone = new Microphone(1);
  try {
    const problem = await microphone.open(deviceId);
    if (problem) return { problem, peakDb: null };
    let peak = -100;
    const started = performance.now();
    while (performance.now() - started < ms) {
      peak = Math.max(peak, microphone.level());
      await new Promise((wait) => setTimeout(wait, 50));
    }
    return { problem: null, peakDb: peak };
  } finally {
    microphone.close();
  }
}

interface Gathered {
  candidates: RTCIceCandidate[];
  /** Servers that answered with an error (`icecandidateerror`). */
  errors: number;
  /** Gathering ended by itself; `false`: the time ran out (a server that never answers: UDP dropped). */
  complete: boolean;
}

/** The candidates ICE gathers with these servers until gathering ends or the time is up. */
async function gather(iceServers: RTCIceServer[], policy: RTCIceTransportPolicy): Promise<Gathered> {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: policy });
  const candidates: RTCIceCandidate[] = [];
  let errors = 0;
  try {
    pc.onicecandidateerror = () => errors++;
    pc.createDataChannel('doctor');
    const complete = new Promise<boolean>((resolve) => {
      pc.onicecandidate = ({ candidate }) => (candidate ? candidates.push(candidate) : resolve(true));
      setTimeout(() => resolve(false), GATHER_TIMEOUT_MS);
    });
    await pc.setLocalDescription(await pc.createOffer());
    return { candidates, errors, complete: await complete };
  } finally {
    pc.close();
  }
}

/** The URLs of one kind (`stun:`, `turn:`) in the servers handed out, with their credentials. */
function urls(servers: IceServers, scheme: string): { url: string; server: RTCIceServer }[] {
  return servers.iceServers.flatMap((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).filter((url) => url.startsWith(scheme)).map((url) => ({ url, server })),
  );
}

export async function checkStun(servers: IceServers): Promise<DoctorResults['stun']> {
  const stun = urls(servers, 'stun:');
  if (stun.length === 0) return { outcome: 'none' };
  const { candidates, errors, complete } = await gather([{ urls: stun.map((s) => s.url) }], 'all');
  const reflexive = candidates.find((c) => c.type === 'srflx');
  if (reflexive) return { outcome: 'ok', address: reflexive.address ?? '' };
  // The browser leaves out a reflexive candidate equal to a host one: when the server answered (the
  // gathering ended without an error), it saw us as we are.
  return { outcome: complete && errors === 0 ? 'same' : 'failed' };
}

/** Whether a relay is allocated over `transport`; `null` when the server hands out no such URL. */
export async function checkTurn(servers: IceServers, transport: 'udp' | 'tcp'): Promise<boolean | null> {
  const turn = urls(servers, 'turn:').filter(({ url }) => (url.includes('transport=tcp') ? 'tcp' : 'udp') === transport);
  if (turn.length === 0) return null;
  const iceServers = turn.map(({ url, server }) => ({ urls: url, username: server.username, credential: server.credential }));
  const { candidates } = await gather(iceServers, 'relay');
  return candidates.some((c) => c.type === 'relay');
}

/** Two connections in this page, both relay-only, with a data channel: its median round trip. */
export async function checkLoopback(servers: IceServers): Promise<DoctorResults['loopback']> {
  const config: RTCConfiguration = { iceServers: servers.iceServers, iceTransportPolicy: 'relay' };
  const caller = new RTCPeerConnection(config);
  const callee = new RTCPeerConnection(config);
  try {
    caller.onicecandidate = ({ candidate }) => candidate && void callee.addIceCandidate(candidate).catch(() => {});
    callee.onicecandidate = ({ candidate }) => candidate && void caller.addIceCandidate(candidate).catch(() => {});
    callee.ondatachannel = ({ channel }) => (channel.onmessage = ({ data }) => channel.send(data));
    const channel = caller.createDataChannel('loopback');
    const opened = new Promise<boolean>((resolve) => {
      channel.onopen = () => resolve(true);
      setTimeout(() => resolve(false), LOOPBACK_TIMEOUT_MS);
    });
    await caller.setLocalDescription(await caller.createOffer());
    await callee.setRemoteDescription(caller.localDescription!);
    await callee.setLocalDescription(await callee.createAnswer());
    await caller.setRemoteDescription(callee.localDescription!);
    if (!(await opened)) return null;
    const rtts: number[] = [];
    for (let i = 0; i < PINGS; i++) {
      const sent = performance.now();
      const echoed = new Promise<void>((resolve) => (channel.onmessage = () => resolve()));
      channel.send(String(i));
      const back = await Promise.race([echoed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!back) return null;
      rtts.push(performance.now() - sent);
    }
    rtts.sort((a, b) => a - b);
    // How the caller reaches the relay on the path in use, as the quality bars read it.
    const stats = (await caller.getStats()) as unknown as Map<string, Record<string, unknown>>;
    return { rttMs: Math.round(rtts[Math.floor(rtts.length / 2)]!), protocol: readQuality(stats, null).quality.relayed ?? 'udp' };
  } finally {
    caller.close();
    callee.close();
  }
}
