// Voice in the end-to-end tests: people set up over REST (the journey spec covers doing it by hand),
// and what WebRTC reports about the audio each page sends and receives.

import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, newContext } from './app';

export interface Person {
  page: Page;
  context: BrowserContext;
  id: number;
  name: string;
  token: string;
}

declare global {
  interface Window {
    /** Every RTCPeerConnection the page has made. */
    __pcs: RTCPeerConnection[];
    /** Those not closed. */
    __openPcs: () => RTCPeerConnection[];
    /** How many times the page asked for the microphone or camera (getUserMedia). */
    __mediaRequests: number;
    /** Every screen share the page got (getDisplayMedia). */
    __displayStreams: MediaStream[];
  }
}

/** Every RTCPeerConnection the app makes, kept on `window.__pcs` so the test can read its stats, every
 * getUserMedia call, counted (VOICE-1: nothing of either before a person chooses voice), and every
 * screen share, kept (the test stops one as the browser's bar would). */
function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  window.__pcs = made;
  window.__openPcs = () => made.filter((pc) => pc.connectionState !== 'closed');
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      made.push(this);
    }
  } as typeof RTCPeerConnection;
  window.__mediaRequests = 0;
  window.__displayStreams = [];
  const devices = navigator.mediaDevices;
  if (!devices) return;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    window.__mediaRequests += 1;
    return getUserMedia(constraints);
  };
  const getDisplayMedia = devices.getDisplayMedia.bind(devices);
  devices.getDisplayMedia = async (options) => {
    const stream = await getDisplayMedia(options);
    window.__displayStreams.push(stream);
    return stream;
  };
}

/** What `page` has done with media so far: peer connections made and getUserMedia calls. */
export async function mediaUse(page: Page): Promise<{ peerConnections: number; mediaRequests: number }> {
  return page.evaluate(() => ({ peerConnections: window.__pcs.length, mediaRequests: window.__mediaRequests }));
}

/** Opens room `roomId` and joins its voice with "Join voice" (VOICE-1: a room opened by its address
 * shows its chat only). */
export async function intoVoice(page: Page, roomId: number) {
  await page.goto(`/rooms/${roomId}`);
  await page.getByTestId('join-voice').click();
}

/** A new browser context signed in as a newly registered `name`, with `settings` saved as voice
 * settings. Noise suppression is off unless a test turns it on: Chromium's fake microphone is a
 * pure beep, which RNNoise rightly takes for noise and lets through only at times. `prepare` readies
 * the context before its first page (a test's own init scripts or routes). */
export async function person(
  browser: Browser,
  url: string,
  name: string,
  settings?: object,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<Person> {
  const context = await newContext(browser, url);
  await context.addInitScript(recordPeerConnections);
  await prepare?.(context);
  const saved = { noiseSuppression: false, ...settings };
  // Only into a fresh browser: a reload keeps what the page has saved since.
  await context.addInitScript((saved) => localStorage.getItem('woxly.voice') ?? localStorage.setItem('woxly.voice', saved), JSON.stringify({ state: saved, version: 0 }));
  const page = await context.newPage();
  // The voice manager warns when a signal fails: worth seeing next to a failed test.
  page.on('console', (message) => {
    if (message.text().startsWith('voice:')) console.log(`[${name}] ${message.text()}`);
  });
  await page.goto('/login');
  const { user, token } = await page.evaluate(async (username) => {
    const response = await fetch('/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, email: `${username.toLowerCase()}@example.com`, password: 'correct horse battery' }),
    });
    return response.json();
  }, name);
  await page.evaluate((saved) => localStorage.setItem('woxly.token', saved), token);
  await page.goto('/');
  await expect(page.getByTestId('me-card')).toContainText(name);
  return { page, context, id: user.id, name, token };
}

async function call(who: Person, method: string, path: string, body?: unknown) {
  return who.page.evaluate(
    async ({ method, path, body, token }) => {
      const response = await fetch(`/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return response.status === 204 ? null : response.json();
    },
    { method, path, body, token: who.token },
  );
}

export async function befriend(a: Person, b: Person) {
  await call(a, 'POST', '/friends/add', { userId: b.id });
  await call(b, 'POST', '/friends/add', { userId: a.id });
}

/** A private room of `owner` that everyone in `others` has joined; returns its id. */
export async function roomOf(owner: Person, others: Person[], name = 'Voice'): Promise<number> {
  for (const other of others) await befriend(owner, other);
  const { room } = await call(owner, 'POST', '/rooms', { name, isPrivate: true, invitedFriends: others.map((o) => o.id) });
  for (const other of others) await call(other, 'POST', `/rooms/${room.id}/join`);
  return room.id;
}

export interface InboundAudio {
  /** Whose audio it is: the peer's user id as the app knows the connection. */
  bytesReceived: number;
  totalAudioEnergy: number;
  audioLevel: number;
}

/** Inbound audio of every open peer connection of the page. */
export async function inbound(page: Page): Promise<InboundAudio[]> {
  return page.evaluate(async () => {
    const pcs = window.__openPcs();
    const result = [];
    for (const pc of pcs) {
      const stats = await pc.getStats();
      for (const report of stats.values()) {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') {
          result.push({
            bytesReceived: report.bytesReceived ?? 0,
            totalAudioEnergy: report.totalAudioEnergy ?? 0,
            audioLevel: report.audioLevel ?? 0,
          });
        }
      }
    }
    return result;
  });
}

/** Waits until the page receives audio from `count` peers: bytes and energy growing on each. */
export async function expectHearing(page: Page, count: number, timeout = 30_000, every = 500) {
  let before: InboundAudio[] = [];
  const growing = async () => {
    const now = await inbound(page);
    const streams = now.filter(
      (stream, i) =>
        stream.bytesReceived > (before[i]?.bytesReceived ?? 0) &&
        stream.totalAudioEnergy > (before[i]?.totalAudioEnergy ?? 0) &&
        stream.totalAudioEnergy > 0,
    ).length;
    before = now;
    return streams;
  };
  try {
    await expect.poll(growing, { timeout, intervals: [every] }).toBe(count);
  } catch (error) {
    // Say what the connections were doing: a failure here is otherwise hard to read afterwards.
    const connections = await page.evaluate(() =>
      window.__pcs.map(
        (pc) => `${pc.connectionState}/${pc.iceConnectionState}/${pc.signalingState}`,
      ),
    );
    throw new Error(`${error}\nconnections: ${connections.join(', ')}; inbound: ${JSON.stringify(before)}`);
  }
}

/** Audio energy over `ms` (the growth of `totalAudioEnergy`): of what the page receives from all
 * peers (`inbound-rtp`), or of what it sends (`media-source`). The fake microphone beeps, so a level
 * at one instant says little; energy over a second and a half always includes beeps. */
export async function energy(page: Page, direction: 'in' | 'out', ms = 1500): Promise<number> {
  const total = () =>
    page.evaluate(async (type) => {
      const pcs = window.__openPcs();
      let sum = 0;
      for (const pc of pcs) {
        for (const report of (await pc.getStats()).values()) {
          if (report.type === type && report.kind === 'audio') sum += report.totalAudioEnergy ?? 0;
        }
      }
      return sum;
    }, direction === 'in' ? 'inbound-rtp' : 'media-source');
  const before = await total();
  await page.waitForTimeout(ms);
  return (await total()) - before;
}

/** Energy above this is sound; below `SILENT`, silence (the fake beep gives about 0.1 per 1.5 s). */
export const AUDIBLE = 1e-3;
export const SILENT = 1e-5;

/** The candidate types (`host`, `srflx`, `relay`) of each open connection's selected pair, local side. */
export async function selectedCandidateTypes(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pcs = window.__openPcs();
    const types: string[] = [];
    for (const pc of pcs) {
      const stats = await pc.getStats();
      for (const report of stats.values()) {
        if (report.type !== 'transport' || !report.selectedCandidatePairId) continue;
        const pair = stats.get(report.selectedCandidatePairId);
        types.push(`${stats.get(pair.localCandidateId)?.candidateType}/${stats.get(pair.remoteCandidateId)?.candidateType}`);
      }
    }
    return types;
  });
}

/** Connections the page has opened and not closed. */
export async function openConnections(page: Page): Promise<number> {
  return page.evaluate(
    () => window.__openPcs().length,
  );
}

/** How `viewer` sees `person` in the participant list. */
export function participant(viewer: Page, name: string) {
  return viewer.locator(`[data-testid="participant"][data-username="${name}"]`);
}

/** Bytes of audio the page has sent, over all its open connections (`outbound-rtp`). */
export async function bytesSent(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let sum = 0;
    for (const pc of window.__openPcs()) {
      for (const report of (await pc.getStats()).values()) {
        if (report.type === 'outbound-rtp' && report.kind === 'audio') sum += report.bytesSent ?? 0;
      }
    }
    return sum;
  });
}

/** How many bytes the page sends over `ms`: zero when nothing goes out at all. */
export async function sendingOver(page: Page, ms = 800): Promise<number> {
  const before = await bytesSent(page);
  await page.waitForTimeout(ms);
  return (await bytesSent(page)) - before;
}

/** The `<audio>` element playing `peerId` on `page`: its volume and whether it is muted. */
export async function audioOf(page: Page, peerId: number): Promise<{ volume: number; muted: boolean } | null> {
  return page.evaluate((id) => {
    const element = document.querySelector<HTMLAudioElement>(`audio[data-peer="${id}"][data-sound="voice"]`);
    return element ? { volume: element.volume, muted: element.muted } : null;
  }, peerId);
}

/** Anna and Boris, friends, both on the page of a room of Anna's, hearing each other. */
export async function talkingInARoom(browser: Browser, url: string): Promise<{ anna: Person; boris: Person; roomId: number }> {
  const anna = await person(browser, url, 'Anna');
  const boris = await person(browser, url, 'Boris');
  const roomId = await roomOf(anna, [boris]);
  await intoVoice(anna.page, roomId);
  await intoVoice(boris.page, roomId);
  await Promise.all([expectHearing(anna.page, 1), expectHearing(boris.page, 1)]);
  return { anna, boris, roomId };
}

/** Anna, Boris and Vera in the voice of Anna's room, each hearing both others. */
export async function threeTalking(browser: Browser, url: string): Promise<{ anna: Person; boris: Person; vera: Person; roomId: number }> {
  const anna = await person(browser, url, 'Anna');
  const boris = await person(browser, url, 'Boris');
  const vera = await person(browser, url, 'Vera');
  const roomId = await roomOf(anna, [boris, vera]);
  for (const who of [anna, boris, vera]) await intoVoice(who.page, roomId);
  await Promise.all([anna, boris, vera].map((who) => expectHearing(who.page, 2)));
  return { anna, boris, vera, roomId };
}
