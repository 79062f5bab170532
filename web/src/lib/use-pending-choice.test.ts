import { act, renderHook } from '@testing-library/react';
import { usePendingChoice } from './use-pending-choice';

/** A save the test settles by hand. */
function deferred() {
  let settle: (ok: boolean) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => (settle = (ok) => (ok ? resolve() : reject(new Error('refused')))));
  return { promise, settle };
}

describe('usePendingChoice', () => {
  it('shows a choice at once, the latest of several, and what the server has once they settle', async () => {
    const { result, rerender } = renderHook(({ saved }) => usePendingChoice(saved), { initialProps: { saved: 'all' } });
    const [first, second] = [deferred(), deferred()];
    act(() => result.current[1]('mentions', () => first.promise));
    expect(result.current[0]).toBe('mentions');
    act(() => result.current[1]('nothing', () => second.promise));
    await act(async () => first.settle(true));
    expect(result.current[0]).toBe('nothing');
    rerender({ saved: 'nothing' });
    await act(async () => second.settle(true));
    expect(result.current[0]).toBe('nothing');
  });

  it('goes back to what the server has when a save is refused', async () => {
    const { result } = renderHook(() => usePendingChoice('all'));
    const save = deferred();
    act(() => result.current[1]('nothing', () => save.promise));
    expect(result.current[0]).toBe('nothing');
    await act(async () => save.settle(false));
    expect(result.current[0]).toBe('all');
  });
});
