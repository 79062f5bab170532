import { describe, expect, it } from 'vitest';
import { highlight, queryWords } from './highlight';

describe('search highlighting', () => {
  it('takes the words of a query, not its filters', () => {
    expect(queryWords('Привет from:anna in:"game" has:image World, again')).toEqual(['привет', 'world', 'again']);
    expect(queryWords('time:12')).toEqual(['time', '12']);
  });

  it('marks the beginnings of words, in any case, Cyrillic too', () => {
    expect(highlight('Привет, мир! Приветствую.', ['прив'])).toEqual([
      { text: 'Прив', hit: true },
      { text: 'ет, мир! ', hit: false },
      { text: 'Прив', hit: true },
      { text: 'етствую.', hit: false },
    ]);
    expect(highlight('the link', ['in'])).toEqual([{ text: 'the link', hit: false }]);
    expect(highlight('plain', [])).toEqual([{ text: 'plain', hit: false }]);
  });
});
