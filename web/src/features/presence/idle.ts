// STATUS-2: after a stretch with no mouse, key or touch the user is idle; the next activity ends it.

export const AWAY_AFTER_MS = 10 * 60_000;

const activityEvents = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'pointerdown'] as const;

export class IdleTracker {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idle = false;

  constructor(
    private readonly onIdle: () => void,
    private readonly onActive: () => void,
    private readonly timeoutMs = AWAY_AFTER_MS,
    private readonly target: EventTarget = window,
  ) {}

  start() {
    for (const event of activityEvents) this.target.addEventListener(event, this.activity, { passive: true });
    this.arm();
  }

  stop() {
    for (const event of activityEvents) this.target.removeEventListener(event, this.activity);
    clearTimeout(this.timer);
  }

  private readonly activity = () => {
    if (this.idle) {
      this.idle = false;
      this.onActive();
    }
    this.arm();
  };

  private arm() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.idle = true;
      this.onIdle();
    }, this.timeoutMs);
  }
}
