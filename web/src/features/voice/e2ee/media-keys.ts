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

/** Where media keys go once they are ours to use (the frame worker). Raw bytes, by tag; each key of
 * someone else's with its owner, so that their frames open only in a section that carries theirs. */
export interface KeyRing {
  send(tag: number, raw: ArrayBuffer): void;
  receive(owner: number, tag: number, raw: ArrayBuffer): void;
  forget(tags: number[]): void;
}

export interface MediaKeysOptions {
  myId: number;
  ring: KeyRing;
  post: (to: number, message: E2eeKey) => void;
  /** Whether someone is in the room's voice now (as the room's list shows them): keys are taken from
   * and given to them only, so the server cannot add someone nobody sees. */
  isPresent: (userId: number) => boolean;
  /** The people we share keys with, or their keys, changed: the safety code, or a warning. */
  onChange: () => void;
  /** Our identity (made once per tab); a new one when not given. */
  identity?: CryptoKeyPair;
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

/** Frames already on their way under a sender's previous keys still decrypt (two leaving within the
 * switch delay make two new keys at once). */
const KEYS_KEPT_PER_SENDER = 3;
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
  /** People whose identity changed while they stayed in the voice: a new tab of theirs that came back
   * before the old one was seen to go — or a server handing out a key of its own. Their safety code
   * must be compared again; kept until we leave. */
  readonly changed = new Set<number>();
  private sending: { tag: number; raw: Uint8Array<ArrayBuffer> };
  private switching: ReturnType<typeof setTimeout> | undefined;
  /** Messages are handled one at a time, in the order they came. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: MediaKeysOptions,
    private readonly pair: CryptoKeyPair,
    /** Our identity as others receive it: the raw public key, in base64. */
    readonly identity: string,
  ) {
    this.sending = { tag: newTag(), raw: crypto.getRandomValues(new Uint8Array(16)) };
    options.ring.send(this.sending.tag, this.sending.raw.buffer);
  }

  static async create(options: MediaKeysOptions): Promise<MediaKeys> {
    const pair = options.identity ?? (await crypto.subtle.generateKey(ECDH, false, ['deriveBits']));
    const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
    return new MediaKeys(options, pair, toBase64(raw));
  }

  private get myId() {
    return this.options.myId;
  }

  /** Asks `userId` for their key (they answer with it, and we then send ours again: after a reconnect
   * they may have forgotten it). */
  hello(userId: number) {
    if (userId === this.myId || !this.options.isPresent(userId)) return;
    const peer = this.peers.get(userId);
    if (peer) peer.sentTag = null;
    this.options.post(userId, { identity: this.identity });
  }

  /** An `e2ee-key` from `from`. */
  receive(from: number, message: E2eeKey) {
    this.inTurn(() => this.handle(from, message));
  }

  /** `userId` left: their keys go, and ours changes so that they cannot read what follows. */
  left(userId: number) {
    this.inTurn(async () => {
      if (this.forgetPeer(userId)) await this.rotate();
    });
  }

  /** After a join: whoever we hold keys of and is no longer there left while we were away. */
  prune() {
    this.inTurn(async () => {
      const gone = [...this.peers.keys()].filter((userId) => !this.options.isPresent(userId));
      for (const userId of gone) this.forgetPeer(userId);
      if (gone.length > 0) await this.rotate();
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
    this.closed = true;
    clearTimeout(this.switching);
    this.peers.clear();
  }

  private forgetPeer(userId: number): boolean {
    const peer = this.peers.get(userId);
    if (!peer) return false;
    this.peers.delete(userId);
    this.options.ring.forget(peer.tags);
    this.options.onChange();
    return true;
  }

  private async handle(from: number, message: E2eeKey) {
    if (from === this.myId || this.closed) return;
    if (!this.options.isPresent(from)) {
      console.warn(`voice: a media key from ${from}, who is not in the voice, ignored`);
      return;
    }
    let peer = this.peers.get(from);
    let rotate = false;
    if (!peer || peer.identity !== message.identity) {
      const wrapKey = await this.wrapKeyWith(message.identity);
      if (!wrapKey) {
        console.warn(`voice: ${from} sent an identity that is not a P-256 key`);
        return;
      }
      if (peer) {
        // Whoever held the old identity must not read what follows, nor whoever holds the new one
        // what came before (our key so far may have gone to either).
        this.options.ring.forget(peer.tags);
        this.changed.add(from);
        rotate = true;
      }
      peer = { identity: message.identity, wrapKey, sentTag: null, tags: [] };
      this.peers.set(from, peer);
      this.options.onChange();
    }
    if (message.key) await this.install(from, peer, message.key.tag, message.key.wrapped);
    if (rotate) await this.rotate();
    // A message without a key asks for ours; otherwise they get ours once per key.
    else if (!message.key || peer.sentTag !== this.sending.tag) await this.sendKey(from, peer);
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
    this.options.ring.receive(from, tag, raw);
    peer.tags.push(tag);
    if (peer.tags.length > KEYS_KEPT_PER_SENDER) this.options.ring.forget(peer.tags.splice(0, peer.tags.length - KEYS_KEPT_PER_SENDER));
  }

  private async sendKey(to: number, peer: Peer) {
    const { tag, raw } = this.sending;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: binding(this.myId, to, tag) }, peer.wrapKey, raw);
    const wrapped = new Uint8Array(12 + sealed.byteLength);
    wrapped.set(iv);
    wrapped.set(new Uint8Array(sealed), 12);
    peer.sentTag = tag;
    this.options.post(to, { identity: this.identity, key: { tag, wrapped: toBase64(wrapped) } });
  }

  /** A new media key: given to everyone still here at once, used for our frames a moment later. */
  private async rotate() {
    if (this.closed) return;
    const next = { tag: newTag(), raw: crypto.getRandomValues(new Uint8Array(16)) };
    this.sending = next;
    for (const [userId, peer] of this.peers) await this.sendKey(userId, peer);
    clearTimeout(this.switching);
    this.switching = setTimeout(() => this.options.ring.send(next.tag, next.raw.buffer), KEY_SWITCH_MS);
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
