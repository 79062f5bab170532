import { describe, expect, it, vi } from 'vitest';
import type { E2eeKey } from '@/lib/wire';
import { MediaKeys, type KeyRing } from './media-keys';

/** A key ring that remembers what it was given, as the frame worker would. */
class Ring implements KeyRing {
  sending: { tag: number; raw: string } | null = null;
  receiving = new Map<number, string>();
  send(tag: number, raw: ArrayBuffer) {
    this.sending = { tag, raw: hex(raw) };
  }
  receive(tag: number, raw: ArrayBuffer) {
    this.receiving.set(tag, hex(raw));
  }
  forget(tags: number[]) {
    for (const tag of tags) this.receiving.delete(tag);
  }
}
const hex = (raw: ArrayBuffer) => [...new Uint8Array(raw)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** People whose messages go through a relay the test may tamper with, delivered one at a time. */
function room() {
  const people = new Map<number, { keys: MediaKeys; ring: Ring }>();
  const queue: { from: number; to: number; message: E2eeKey }[] = [];
  let tamper: (m: { from: number; to: number; message: E2eeKey }) => E2eeKey | null = (m) => m.message;
  const join = async (id: number) => {
    const ring = new Ring();
    const keys = await MediaKeys.create(id, ring, (to, message) => queue.push({ from: id, to, message }), () => {});
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
  return { people, join, settle, setTamper: (t: typeof tamper) => (tamper = t) };
}

describe('media keys', () => {
  it('everyone ends up holding everyone else’s key, and all see one safety code', async () => {
    const r = room();
    const anna = await r.join(1);
    const boris = await r.join(2);
    const clara = await r.join(3);
    boris.keys.hello(1);
    await r.settle();
    clara.keys.hello(1);
    clara.keys.hello(2);
    await r.settle();
    for (const [id, person] of r.people) {
      const others = [...r.people].filter(([other]) => other !== id).map(([, p]) => p.ring.sending);
      expect([...person.ring.receiving.entries()].sort()).toEqual(others.map((s) => [s!.tag, s!.raw]).sort());
    }
    const codes = await Promise.all([anna, boris, clara].map((p) => p.keys.code()));
    expect(codes[0]).toMatch(/^\d{5}( \d{5}){4}$/);
    expect(new Set(codes).size).toBe(1);
  });

  it('someone leaving: everyone else makes a new key, which the others get and the one who left does not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'], shouldAdvanceTime: true });
    try {
      const r = room();
      const anna = await r.join(1);
      const boris = await r.join(2);
      const clara = await r.join(3);
      boris.keys.hello(1);
      clara.keys.hello(1);
      clara.keys.hello(2);
      await r.settle();
      const before = anna.ring.sending!.tag;
      const codeWithClara = await anna.keys.code();
      r.people.delete(3);
      anna.keys.left(3);
      boris.keys.left(3);
      await r.settle();
      await vi.advanceTimersByTimeAsync(1000);
      expect(anna.ring.sending!.tag).not.toBe(before);
      expect(boris.ring.receiving.get(anna.ring.sending!.tag)).toBe(anna.ring.sending!.raw);
      expect(clara.ring.receiving.has(anna.ring.sending!.tag)).toBe(false);
      expect(anna.ring.receiving.has(clara.ring.sending!.tag)).toBe(false);
      expect(await anna.keys.code()).not.toBe(codeWithClara);
      expect(await anna.keys.code()).toBe(await boris.keys.code());
    } finally {
      vi.useRealTimers();
    }
  });

  it('a relay that swaps an identity for its own changes the code of whoever got it; what was wrapped for that key does not open for the real person', async () => {
    const r = room();
    const anna = await r.join(1);
    const boris = await r.join(2);
    const mallory = await MediaKeys.create(2, new Ring(), () => {}, () => {});
    // The relay gives Anna Mallory's identity in place of Boris's.
    r.setTamper(({ to, message }) => (to === 1 ? { ...message, identity: mallory.identity, key: undefined } : message));
    boris.keys.hello(1);
    await r.settle();
    expect(await anna.keys.code()).not.toBe(await boris.keys.code());
    expect(boris.ring.receiving.size).toBe(0);
  });

  it('a key wrapped for someone else, or changed on the way, is not installed', async () => {
    const r = room();
    const anna = await r.join(1);
    const boris = await r.join(2);
    r.setTamper(({ message }) =>
      message.key ? { ...message, key: { ...message.key, wrapped: btoa('x'.repeat(12)) + message.key.wrapped.slice(16) } } : message,
    );
    boris.keys.hello(1);
    await r.settle();
    expect(anna.ring.receiving.size).toBe(0);
    expect(boris.ring.receiving.size).toBe(0);
  });

  it('an identity that is not a key is ignored', async () => {
    const r = room();
    const anna = await r.join(1);
    anna.keys.receive(2, { identity: 'not base64!' });
    anna.keys.receive(3, { identity: btoa('short') });
    await r.settle();
    expect(anna.keys.people.map((p) => p.userId)).toEqual([1]);
  });
});
