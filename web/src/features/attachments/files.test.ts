import { describe, expect, it } from 'vitest';
import { formatSize } from '@/lib/size';
import { thumbnailBox } from './files';

const image = (width?: number, height?: number) =>
  ({ id: 1, name: 'a.png', contentType: 'image/png', kind: 'image', size: 1, width, height }) as const;

describe('files', () => {
  it('formats sizes in the units people read', () => {
    expect(formatSize(900)).toBe('900 B');
    expect(formatSize(12_345)).toBe('12 KB');
    expect(formatSize(3_400_000)).toBe('3.4 MB');
    expect(formatSize(25 * 1024 * 1024, 'ru')).toBe('26 МБ');
  });

  it('keeps an image box in shape, never larger than the limit', () => {
    expect(thumbnailBox(image(640, 480))).toEqual({ width: 320, height: 240 });
    expect(thumbnailBox(image(100, 400))).toEqual({ width: 80, height: 320 });
    expect(thumbnailBox(image(50, 20))).toEqual({ width: 50, height: 20 });
    expect(thumbnailBox(image())).toEqual({ width: 320, height: 320 });
  });
});
