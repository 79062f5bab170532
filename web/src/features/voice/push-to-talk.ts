// VOICE-8: push-to-talk. The key counts while this tab has focus; letting go keeps the microphone
// open 200 ms more, so the end of the last word is not cut off. Leaving the tab lets go at once.

export const RELEASE_DELAY_MS = 200;

/** Keys that type text: held in a text field they type, they do not talk. */
const typesText = (event: KeyboardEvent) => event.key.length === 1 || event.code === 'Space';

const inTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target.matches('input, textarea, select'));

export class PushToTalk {
  private held = false;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.code !== this.key || event.repeat) return;
    if (typesText(event) && inTextField(event.target)) return;
    this.press();
  };
  private readonly onKeyUp = (event: KeyboardEvent) => {
    if (event.code === this.key) this.release(RELEASE_DELAY_MS);
  };
  private readonly onBlur = () => this.release(0);

  constructor(
    private readonly key: string,
    /** Told when talking starts (`true`) and stops (`false`). */
    private readonly onChange: (talking: boolean) => void,
    private readonly target: Window = window,
  ) {
    target.addEventListener('keydown', this.onKeyDown);
    target.addEventListener('keyup', this.onKeyUp);
    target.addEventListener('blur', this.onBlur);
  }

  get talking() {
    return this.held;
  }

  private press() {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.held) return;
    this.held = true;
    this.onChange(true);
  }

  private release(delayMs: number) {
    if (!this.held) return;
    clearTimeout(this.releaseTimer);
    const letGo = () => {
      this.releaseTimer = undefined;
      this.held = false;
      this.onChange(false);
    };
    if (delayMs === 0) letGo();
    else this.releaseTimer = setTimeout(letGo, delayMs);
  }

  dispose() {
    clearTimeout(this.releaseTimer);
    this.target.removeEventListener('keydown', this.onKeyDown);
    this.target.removeEventListener('keyup', this.onKeyUp);
    this.target.removeEventListener('blur', this.onBlur);
  }
}

/** A key's name for people: `KeyV` → `V`, `Backquote` → `` ` ``. */
export function keyLabel(code: string): string {
  if (code.startsWith('Key')) return code.slice(3);
  if (code.startsWith('Digit')) return code.slice(5);
  const named: Record<string, string> = { Backquote: '`', Space: 'Space', CapsLock: 'Caps Lock' };
  return named[code] ?? code.replace(/(Left|Right)$/, ' $1');
}
