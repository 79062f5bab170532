import { describe, expect, it } from 'vitest';
import { neededHeight } from './needed-height';

describe('the picture height a tile needs', () => {
  it('is the tile’s height for a picture of its shape or wider, more for a narrower one', () => {
    const cases: [width: number, height: number, aspect: number | undefined, needed: number][] = [
      [320, 180, 16 / 9, 180],
      [320, 180, undefined, 180],
      [320, 180, 21 / 9, 180],
      [320, 180, 4 / 3, 240],
      [320, 180, 9 / 16, 569],
      [0, 0, 16 / 9, 0],
      [320, 180, 0, 180],
      [320, 180, Number.NaN, 180],
    ];
    for (const [width, height, aspect, needed] of cases) expect(neededHeight(width, height, aspect), `${width}×${height} at ${aspect}`).toBe(needed);
  });
});
