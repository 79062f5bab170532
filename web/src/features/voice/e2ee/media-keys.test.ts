import { describe, expect, it, vi } from 'vitest';
import type { E2eeKey } from '@/lib/wire';
import { KEY_SWITCH_MS, MediaKeys, type KeyRing } from './media-keys';

/** A key ring that remembers what it was given, as the frame worker would. */
class Ring implements KeyRing {
  sending: { tag: number; raw: string } | null = null;
  receiving = new Map<number, { owner: number; raw: string }>();
  send(tag: number, raw: ArrayBuffer) {
    this.sending = { tag, raw: hex(raw) };
  }
  receive(owner: number, tag: number, raw: ArrayBuffer) {
    this.receiving.set(tag, { owner, raw: hex(raw) });
  }
  forget(tags: number[]) {
    for (const tag of tags) this.receiving.delete(tag);
  }
}
const hex = (raw: ArrayBuffer) => [...new Uint8Array(raw)].map((b) => b.toString(16).padStart(2, '0')).join('');

interface Sent {
  from: number;
  to: number;
  message: E2eeKey;
}

/** People in a voice whose messages go through a relay the test may tamper with. Everyone joined is
 * in the voice (as the room's list says) until they leave. */
function room() {
  const people = new Map<number, { keys: MediaKeys; ring: Ring }>();
  const present = new Set<number>();
  const queue: Sent[] = [];
  const sent: Sent[] = [];
  let tamper: (m: Sent) => E2eeKey | null = (m) => m.message;
  const join = async (id: number) => {
    const ring = new Ring();
    present.add(id);
    const keys = await MediaKeys.create({
      myId: id,
      ring,
      post: (to, message) => {
        queue.push({ from: id, to, message });
        sent.push({ from: id, to, message });
      },
      isPresent: (userId) => present.has(userId),
      onChange: () => {},
    });
    people.set(id, { keys, ring });
    return { keys, ring };
  };
  /** Delivers every message until none is left and everyone has handled what they got. */
  const settle = async () => {
    for (;;) {
      await Promise.all([...people.values()].map((p) => p.keys.idle()));
      const next = queue.shift();
      if (!next) return;
      const message = tamper(next);
      if (message) people.get(next.to)?.keys.receive(next.from, message);
    }
  };
  /** `id` leaves: gone from the voice, and everyone told. */
  const leave = (id: number) => {
    present.delete(id);
    for (const [other, person] of people) if (other !== id) person.keys.left(id);
  };
  /** Everyone holds everyone else's current key, as its owner's. */
  const converged = () => {
    for (const [id, person] of people) {
      if (!present.has(id)) continue;
      for (const [other, them] of people) {
        if (other === id || !present.has(other)) continue;
        expect(person.ring.receiving.get(them.ring.sending!.tag), `${id} holds ${other}'s key`).toEqual({ owner: other, raw: them.ring.sending!.raw });
      }
    }
  };
  return { people, present, sent, join, settle, leave, converged, setTamper: (t: typeof tamper) => (tamper = t) };
}

/** Runs `test` with `setTimeout` under the test's control (the key switch waits on one). */
async function withFakeTimeouts(test: () => Promise<void>) {
  vi.useFakeTimers({ toFake: ['setTimeout'], shouldAdvanceTime: true });
  try {
    await test();
  } finally {
    vi.useRealTimers();
  }
}

/** Anna (1), Boris (2) and Clara (3) in a voice, keys exchanged. */
async function three() {
  const r = room();
  const anna = await r.join(1);
  const boris = await r.join(2);
  boris.keys.hello(1);
  await r.settle();
  const clara = await r.join(3);
  clara.keys.hello(1);
  clara.keys.hello(2);
  await r.settle();
  return { r, anna, boris, clara };
}

describe('media keys', () => {
  it('everyone ends up holding everyone else’s key, and all see one safety code', async () => {
    const { r, anna, boris, clara } = await three();
    r.converged();
    const codes = await Promise.all([anna, boris, clara].map((p) => p.keys.code()));
    expect(codes[0]).toMatch(/^\d{5}( \d{5}){4}$/);
    expect(new Set(codes).size).toBe(1);
  });

  it('someone leaving: everyone else makes a new key, which the others get and the one who left does not', () =>
    withFakeTimeouts(async () => {
      const { r, anna, boris, clara } = await three();
      const before = anna.ring.sending!.tag;
      const codeWithClara = await anna.keys.code();
      const sentBefore = r.sent.length;
      r.leave(3);
      await r.settle();
      await vi.advanceTimersByTimeAsync(KEY_SWITCH_MS * 2);
      expect(anna.ring.sending!.tag).not.toBe(before);
      r.converged();
      expect(r.sent.slice(sentBefore).filter((m) => m.to === 3)).toEqual([]);
      expect(anna.ring.receiving.has(clara.ring.sending!.tag)).toBe(false);
      expect(await anna.keys.code()).not.toBe(codeWithClara);
      expect(await anna.keys.code()).toBe(await boris.keys.code());
    }));

  it('after a reconnect the others had taken for leaving, asking again gives both sides each other’s key', () =>
    withFakeTimeouts(async () => {
      const { r, anna } = await three();
      // The server saw Anna's socket close: the others forgot her and changed their keys...
      r.leave(1);
      await r.settle();
      await vi.advanceTimersByTimeAsync(KEY_SWITCH_MS * 2);
      // ...and she is back: the room's list has her again, and she asks everyone.
      r.present.add(1);
      anna.keys.prune();
      anna.keys.hello(2);
      anna.keys.hello(3);
      await r.settle();
      await vi.advanceTimersByTimeAsync(KEY_SWITCH_MS * 2);
      r.converged();
    }));

  it('after a join, whoever left meanwhile is forgotten and our key changes', () =>
    withFakeTimeouts(async () => {
      const { r, anna } = await three();
      const before = anna.ring.sending!.tag;
      // Clara left while Anna's socket was down: Anna never heard it, the list she gets no longer has her.
      r.present.delete(3);
      anna.keys.prune();
      await r.settle();
      await vi.advanceTimersByTimeAsync(KEY_SWITCH_MS * 2);
      expect(anna.keys.people.map((p) => p.userId)).toEqual([1, 2]);
      expect(anna.ring.sending!.tag).not.toBe(before);
    }));

  it('a relay that swaps an identity for its own changes the code of whoever got it, flags the change, and gets no key that lasts', () =>
    withFakeTimeouts(async () => {
      const r = room();
      const anna = await r.join(1);
      const boris = await r.join(2);
      boris.keys.hello(1);
      await r.settle();
      const honest = await anna.keys.code();
      const keyBefore = anna.ring.sending!.tag;
      // The relay gives Anna Mallory's identity in place of Boris's...
      const mallory = await MediaKeys.create({ myId: 2, ring: new Ring(), post: () => {}, isPresent: () => true, onChange: () => {} });
      const sentBefore = r.sent.length;
      anna.keys.receive(2, { identity: mallory.identity });
      await anna.keys.idle();
      // What Anna wrapped for "Boris" meanwhile went to Mallory's identity.
      const mallorysTags = r.sent.slice(sentBefore).flatMap((m) => (m.from === 1 && m.to === 2 && m.message.key ? [m.message.key.tag] : []));
      expect(mallorysTags.length).toBeGreaterThan(0);
      await r.settle();
      expect(await anna.keys.code()).not.toBe(await boris.keys.code());
      expect([...anna.keys.changed]).toEqual([2]);
      // ...then Boris's real one again (a replay): the code is the honest one, the warning stays, and
      // Anna's key changed twice, so the one Mallory got is no longer used.
      r.setTamper((m) => m.message);
      boris.keys.hello(1);
      await r.settle();
      await vi.advanceTimersByTimeAsync(KEY_SWITCH_MS * 2);
      expect(await anna.keys.code()).toBe(honest);
      expect([...anna.keys.changed]).toEqual([2]);
      expect(mallorysTags).not.toContain(anna.ring.sending!.tag);
      expect(anna.ring.sending!.tag).not.toBe(keyBefore);
      r.converged();
    }));

  it('someone not in the voice gets no key and gives none, whatever the relay says', async () => {
    const r = room();
    const anna = await r.join(1);
    const ghost = await MediaKeys.create({ myId: 9, ring: new Ring(), post: () => {}, isPresent: () => true, onChange: () => {} });
    anna.keys.receive(9, { identity: ghost.identity });
    anna.keys.hello(9);
    await r.settle();
    expect(anna.keys.people.map((p) => p.userId)).toEqual([1]);
    expect(r.sent).toEqual([]);
  });

  it('a key wrapped for someone else, or changed on the way, is not installed', async () => {
    const { r, anna, boris, clara } = await three();
    // Anna's key for Boris, handed to Clara as if for her.
    const forBoris = r.sent.find((m) => m.from === 1 && m.to === 2 && m.message.key)!;
    const claraHeld = clara.ring.receiving.size;
    clara.keys.receive(1, forBoris.message);
    // A key for Boris whose bytes changed on the way.
    const wrapped = forBoris.message.key!.wrapped;
    const changed = (wrapped[20] === 'A' ? 'B' : 'A') + wrapped.slice(21);
    boris.ring.receiving.clear();
    boris.keys.receive(1, { ...forBoris.message, key: { ...forBoris.message.key!, wrapped: wrapped.slice(0, 20) + changed } });
    await r.settle();
    expect(clara.ring.receiving.size).toBe(claraHeld);
    expect(boris.ring.receiving.size).toBe(0);
    expect(anna.ring.receiving.size).toBe(2);
  });

  it('an identity that is not a key is ignored', async () => {
    const r = room();
    const anna = await r.join(1);
    r.present.add(2).add(3);
    anna.keys.receive(2, { identity: 'not base64!' });
    anna.keys.receive(3, { identity: btoa('short') });
    await r.settle();
    expect(anna.keys.people.map((p) => p.userId)).toEqual([1]);
  });
});
