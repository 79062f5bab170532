import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PushToTalk, RELEASE_DELAY_MS, keyLabel } from './push-to-talk';

const key = (type: 'keydown' | 'keyup', code: string, init: KeyboardEventInit = {}, target: EventTarget = window) =>
  target.dispatchEvent(new KeyboardEvent(type, { code, key: code === 'Backquote' ? '`' : code, bubbles: true, ...init }));

describe('push-to-talk', () => {
  let changes: boolean[];
  let ptt: PushToTalk;
  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    ptt = new PushToTalk('ControlLeft', (talking) => changes.push(talking));
  });
  afterEach(() => {
    ptt.dispose();
    vi.useRealTimers();
  });

  it('talks while the key is held and stops 200 ms after it is let go', () => {
    key('keydown', 'ControlLeft');
    expect(changes).toEqual([true]);
    key('keydown', 'ControlLeft', { repeat: true });
    key('keyup', 'ControlLeft');
    vi.advanceTimersByTime(RELEASE_DELAY_MS - 1);
    expect(ptt.talking).toBe(true);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true, false]);
  });

  it('pressing again within the release delay keeps talking without a gap', () => {
    key('keydown', 'ControlLeft');
    key('keyup', 'ControlLeft');
    vi.advanceTimersByTime(100);
    key('keydown', 'ControlLeft');
    vi.advanceTimersByTime(RELEASE_DELAY_MS * 2);
    expect(changes).toEqual([true]);
    expect(ptt.talking).toBe(true);
  });

  it('other keys do nothing, and leaving the tab lets go at once', () => {
    key('keydown', 'KeyA');
    expect(changes).toEqual([]);
    key('keydown', 'ControlLeft');
    window.dispatchEvent(new Event('blur'));
    expect(changes).toEqual([true, false]);
  });

  it('a key that types text does not talk while typing in a text field', () => {
    ptt.dispose();
    ptt = new PushToTalk('Backquote', (talking) => changes.push(talking));
    const field = document.createElement('textarea');
    document.body.append(field);
    key('keydown', 'Backquote', {}, field);
    expect(changes).toEqual([]);
    key('keydown', 'Backquote');
    expect(changes).toEqual([true]);
    field.remove();
  });

  it('stops listening when disposed', () => {
    ptt.dispose();
    key('keydown', 'ControlLeft');
    expect(changes).toEqual([]);
  });

  it('names keys for people', () => {
    expect(keyLabel('KeyV')).toBe('V');
    expect(keyLabel('Backquote')).toBe('`');
    expect(keyLabel('ControlLeft')).toBe('Control Left');
    expect(keyLabel('Digit5')).toBe('5');
  });
});
