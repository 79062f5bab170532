import { AWAY_AFTER_MS, IdleTracker } from './idle';

describe('STATUS-2 idle detection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is idle after 10 minutes without activity, active again on the next key, once each', () => {
    const target = new EventTarget();
    const changes: string[] = [];
    const tracker = new IdleTracker(() => changes.push('idle'), () => changes.push('active'), AWAY_AFTER_MS, target);
    tracker.start();

    vi.advanceTimersByTime(AWAY_AFTER_MS - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual(['idle']);

    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('mousemove'));
    expect(changes).toEqual(['idle', 'active']);
    tracker.stop();
  });

  it('restarts the wait on every activity', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const tracker = new IdleTracker(onIdle, () => {}, 1000, target);
    tracker.start();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(900);
      target.dispatchEvent(new Event('mousedown'));
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    tracker.stop();
  });

  it('stops listening when stopped', () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const tracker = new IdleTracker(onIdle, () => {}, 1000, target);
    tracker.start();
    tracker.stop();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
