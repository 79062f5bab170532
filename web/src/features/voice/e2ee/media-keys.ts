// VOICE-15: the keys of a room whose media goes through the server. Each participant has an identity (an
// ECDH P-256 key pair made for this tab) and a media key of their own (AES-128, named by a random tag)
// that encrypts every frame they send. A media key goes to each other participant over the signaling
// relay (`e2ee-key`), wrapped with a key only the two of them can derive (ECDH, then HKDF), and bound to
// who sends it to whom: the server relays what it cannot unwrap. When someone leaves, everyone makes a
// new media key and gives it to those still there, so whoever left cannot read what follows. The room's
// safety code covers everyone's identity: a server that hands out a key of its own for someone changes
// the code of whoever got it.
//
// Who has whom, in messages: A joins and asks each person there (identity only, no key); each answers
// with their identity and their media key for A; A, learning their identity, sends its own media key.

import type { E2eeKey } from '@/lib/wire';
import { roomSafetyCode } from '../safety-code';

/** Where media keys go once they are ours to use (the frame worker). Raw bytes, by tag. */
export interface KeyRing {
  send(tag: number, raw: ArrayBuffer): void;
  receive(tag: number, raw: ArrayBuffer): void;
  forget(tags: number[]): void;
}

interface Peer {
  identity: string;
  /** Wraps our media key for them and unwraps theirs. */
  wrapKey: CryptoKey;
  /** The tag of the media key of ours they have, as far as we know. */
  sentTag: number | null;
  /** Their media keys we hold, oldest first. */
  tags: number[];
}

/** Frames already on their way under a sender's previous key still decrypt. */
const KEYS_KEPT_PER_SENDER = 2;
/** After making a new media key, how long we send with the old one: time for the new key to arrive
 * before the first frame that needs it (the relay and the media take different roads). */
export const KEY_SWITCH_MS = 500;

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const encoder = new TextEncoder();

const toBase64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** A random tag, never 0. */
const newTag = () => crypto.getRandomValues(new Uint32Array(1))[0]! || 1;

/** Binds a wrapped key to its sender, its receiver and its tag: relaying it to anyone else, or as
 * someone else's, fails to unwrap. */
const binding = (from: number, to: number, tag: number) => encoder.encode(`woxly media key v1 ${from}>${to} ${tag}`);

export class MediaKeys {
  private peers = new Map<number, Peer>();
  private sending: { tag: number; raw: Uint8Array<ArrayBuffer> };
  private switching: ReturnType<typeof setTimeout> | undefined;
  /** Messages are handled one at a time, in the order they came. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly myId: number,
    private readonly pair: CryptoKeyPair,
    /** Our identity as others receive it: the raw public key, in base64. */
    readonly identity: string,
    private readonly ring: KeyRing,
    private readonly post: (to: number, message: E2eeKey) => void,
    /** The people we share keys with changed (the safety code with them). */
    private readonly onChange: () => void,
  ) {
    this.sending = { tag: newTag(), raw: crypto.getRandomValues(new Uint8Array(16)) };
    ring.send(this.sending.tag, this.sending.raw.buffer);
  }

  static async create(
    myId: number,
    ring: KeyRing,
    post: (to: number, message: E2eeKey) => void,
    onChange: () => void,
    pair?: CryptoKeyPair,
  ): Promise<MediaKeys> {
    const identity = pair ?? (await crypto.subtle.generateKey(ECDH, false, ['deriveBits']));
    const raw = await crypto.subtle.exportKey('raw', identity.publicKey);
    return new MediaKeys(myId, identity, toBase64(raw), ring, post, onChange);
  }

  /** Asks `userId` for their key (they answer with it, and we then send ours). */
  hello(userId: number) {
    if (userId !== this.myId) this.post(userId, { identity: this.identity });
  }

  /** An `e2ee-key` from `from`. */
  receive(from: number, message: E2eeKey) {
    this.inTurn(() => this.handle(from, message));
  }

  /** `userId` left: their keys go, and ours changes so that they cannot read what follows. */
  left(userId: number) {
    this.inTurn(async () => {
      const peer = this.peers.get(userId);
      if (!peer) return;
      this.peers.delete(userId);
      this.ring.forget(peer.tags);
      this.onChange();
      await this.rotate();
    });
  }

  /** Everyone we share keys with, ourselves included: what the safety code covers. */
  get people(): { userId: number; identity: string }[] {
    return [{ userId: this.myId, identity: this.identity }, ...[...this.peers].map(([userId, peer]) => ({ userId, identity: peer.identity }))];
  }

  /** The room's safety code as we see it. */
  code(): Promise<string> {
    return roomSafetyCode(this.people);
  }

  /** Resolves once every message received so far is handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  close() {
    clearTimeout(this.switching);
    this.peers.clear();
  }

  private async handle(from: number, message: E2eeKey) {
    if (from === this.myId) return;
    let peer = this.peers.get(from);
    if (!peer || peer.identity !== message.identity) {
      const wrapKey = await this.wrapKeyWith(message.identity);
      if (!wrapKey) {
        console.warn(`voice: ${from} sent an identity that is not a P-256 key`);
        return;
      }
      // A new tab of theirs: what we held of the old one is of no use.
      if (peer) this.ring.forget(peer.tags);
      peer = { identity: message.identity, wrapKey, sentTag: null, tags: [] };
      this.peers.set(from, peer);
      this.onChange();
    }
    if (message.key) await this.install(from, peer, message.key.tag, message.key.wrapped);
    // A message without a key asks for ours; otherwise they get ours once per key.
    if (!message.key || peer.sentTag !== this.sending.tag) await this.sendKey(from, peer);
  }

  private async install(from: number, peer: Peer, tag: number, wrapped: string) {
    const bytes = fromBase64(wrapped);
    const raw =
      bytes && bytes.length > 12
        ? await crypto.subtle
            .decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: binding(from, this.myId, tag) }, peer.wrapKey, bytes.subarray(12))
            .catch(() => null)
        : null;
    if (!raw || raw.byteLength !== 16) {
      // Not wrapped for us by the person with that identity: their media stays unreadable to us.
      console.warn(`voice: the media key from ${from} did not unwrap`);
      return;
    }
    if (peer.tags.includes(tag)) return;
    this.ring.receive(tag, raw);
    peer.tags.push(tag);
    if (peer.tags.length > KEYS_KEPT_PER_SENDER) this.ring.forget(peer.tags.splice(0, peer.tags.length - KEYS_KEPT_PER_SENDER));
  }

  private async sendKey(to: number, peer: Peer) {
    const { tag, raw } = this.sending;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: binding(this.myId, to, tag) }, peer.wrapKey, raw);
    const wrapped = new Uint8Array(12 + sealed.byteLength);
    wrapped.set(iv);
    wrapped.set(new Uint8Array(sealed), 12);
    peer.sentTag = tag;
    this.post(to, { identity: this.identity, key: { tag, wrapped: toBase64(wrapped) } });
  }

  /** A new media key: given to everyone still here at once, used for our frames a moment later. */
  private async rotate() {
    const next = { tag: newTag(), raw: crypto.getRandomValues(new Uint8Array(16)) };
    this.sending = next;
    for (const [userId, peer] of this.peers) await this.sendKey(userId, peer);
    clearTimeout(this.switching);
    this.switching = setTimeout(() => this.ring.send(next.tag, next.raw.buffer), KEY_SWITCH_MS);
  }

  /** The key we share with the holder of `identity`, or `null` when it is no P-256 public key. */
  private async wrapKeyWith(identity: string): Promise<CryptoKey | null> {
    const raw = fromBase64(identity);
    if (!raw) return null;
    try {
      const theirs = await crypto.subtle.importKey('raw', raw, ECDH, false, []);
      const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, this.pair.privateKey, 256);
      const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
      return await crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('woxly e2ee wrap v1') },
        hkdf,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    } catch {
      return null;
    }
  }

  private inTurn(step: () => Promise<void>) {
    this.queue = this.queue.then(step).catch((error: unknown) => console.warn('voice: a media key step failed', error));
  }
}
