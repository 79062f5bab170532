import { describe, expect, it } from 'vitest';
import { oneMarkInFlight } from './mark-read';

/** A send whose answers the test gives, one at a time. */
function answeredByHand() {
  const sent: [number, number][] = [];
  const answers: (() => void)[] = [];
  const send = (roomId: number, messageId: number) => {
    sent.push([roomId, messageId]);
    return new Promise<void>((done) => answers.push(done));
  };
  const answer = async () => {
    answers.shift()?.();
    // Let the answered mark's continuation run.
    await new Promise((done) => setTimeout(done, 0));
  };
  return { sent, send, answer };
}

describe('oneMarkInFlight', () => {
  it('sends the first mark at once and, of those made meanwhile, only the newest after the answer', async () => {
    const { sent, send, answer } = answeredByHand();
    const mark = oneMarkInFlight(send);
    mark(7, 1);
    mark(7, 2);
    mark(7, 4);
    mark(7, 3);
    expect(sent).toEqual([[7, 1]]);
    await answer();
    expect(sent).toEqual([
      [7, 1],
      [7, 4],
    ]);
    await answer();
    mark(7, 5);
    expect(sent.at(-1)).toEqual([7, 5]);
  });

  it('keeps rooms apart, and a refused mark does not hold back the next', async () => {
    const sent: [number, number][] = [];
    const mark = oneMarkInFlight(async (roomId, messageId) => {
      sent.push([roomId, messageId]);
      throw new Error('refused');
    });
    mark(7, 1);
    mark(8, 1);
    await new Promise((done) => setTimeout(done, 0));
    mark(7, 2);
    expect(sent).toEqual([
      [7, 1],
      [8, 1],
      [7, 2],
    ]);
  });
});
