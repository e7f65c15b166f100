// The series guess: a series field or taxonomy, or titles numbered the same way.
import { describe, expect, it } from 'vitest';
import type { FoundPost } from '../../../src/scaffold/detect/posts.ts';
import { guessSeries, numberedTitle } from '../../../src/scaffold/detect/series.ts';

let day = 0;
function found(slug: string, title: string, extra: Partial<FoundPost> = {}): FoundPost {
  day++;
  return {
    rel: `_posts/${slug}.md`,
    slug,
    title,
    date: new Date(Date.UTC(2020, 0, day)),
    draft: false,
    fields: ['title'],
    ...extra,
  };
}

describe('numberedTitle', () => {
  it('should find the part number and the text before it', () => {
    expect(numberedTitle('Learning to see, part 1: Shapes')).toEqual({ prefix: 'Learning to see', part: 1, rest: 'Shapes' });
    expect(numberedTitle('Learning to See — Part Two')).toEqual({ prefix: 'Learning to See', part: 2, rest: '' });
    expect(numberedTitle('Rust from scratch (Part III)')).toEqual({ prefix: 'Rust from scratch', part: 3, rest: '' });
    expect(numberedTitle('Building a parser (2/3)')).toEqual({ prefix: 'Building a parser', part: 2, rest: '' });
    expect(numberedTitle('Part 4: The end')).toEqual({ prefix: '', part: 4, rest: 'The end' });
    expect(numberedTitle('Sourdough, part 2 of 3')).toMatchObject({ prefix: 'Sourdough', part: 2 });
  });

  it('should leave titles without a part number alone', () => {
    for (const title of [
      'The best part of the day',
      'Parts of speech',
      'Counterpart 2',
      'Depart 3 times',
      'Ratio (3/2) explained',
    ]) {
      expect(numberedTitle(title), title).toBeUndefined();
    }
  });
});

describe('guessSeries', () => {
  it('should group posts by their series field, named as the loader names it, drafts left out', () => {
    const guesses = guessSeries([
      found('a', 'One', { series: 'Learning to See' }),
      found('b', 'Two', { series: 'Learning to See' }),
      found('c', 'Three', { series: 'Learning to See', draft: true }),
      found('d', 'Alone', { series: 'Solo' }),
      found('e', 'Day one', { series: 'Coast Path', seriesList: true }),
      found('f', 'Day two', { series: 'Coast Path', seriesList: true }),
    ]);
    expect(guesses).toEqual([
      {
        title: 'Learning to See',
        slug: 'learning-to-see',
        series: 'learning-to-see',
        posts: ['a', 'b'],
        from: 'field',
        drafts: 1,
      },
      { title: 'Coast Path', slug: 'coast-path', series: 'coast-path', posts: ['e', 'f'], from: 'taxonomy', drafts: 0 },
    ]);
  });

  it('should make a title-only series a list of slugs in date order', () => {
    const guesses = guessSeries([
      found('intro', 'Sourdough, Part 1: The starter'),
      found('unrelated', 'A walk'),
      found('second', 'Sourdough, part 2: The loaf'),
      found('third-one', 'sourdough — part 3'),
      found('fraction-1', 'Building a parser (1/2)'),
      found('fraction-2', 'Building a parser (2/2)'),
      found('lonely', 'Knitting, part 1'),
    ]);
    expect(guesses).toEqual([
      {
        title: 'Sourdough',
        slug: 'sourdough',
        series: undefined,
        posts: ['intro', 'second', 'third-one'],
        from: 'titles',
        drafts: 0,
      },
      {
        title: 'Building a parser',
        slug: 'building-a-parser',
        series: undefined,
        posts: ['fraction-1', 'fraction-2'],
        from: 'titles',
        drafts: 0,
      },
    ]);
  });

  it('should prefer the series field to the title, need two different numbers, and name "Part N: …" titles by what they share', () => {
    const guesses = guessSeries([
      found('x1', 'Learning to see, part 1: Shapes', { series: 'Learning to See' }),
      found('x2', 'Learning to see, part 2: Light', { series: 'Learning to See' }),
      found('y1', 'Same wording, part 1'),
      found('y2', 'Same wording, part 1'),
      found('z1', 'Part 1: Home network basics'),
      found('z2', 'Part 2: Home network routers'),
      found('broken', 'Part 3: Home network', { broken: true }),
    ]);
    expect(guesses.map((g) => [g.title, g.from, g.posts])).toEqual([
      ['Learning to See', 'field', ['x1', 'x2']],
      ['Home network', 'titles', ['z1', 'z2']],
    ]);
  });

  it('should give two series with the same slug different book slugs', () => {
    const guesses = guessSeries([
      found('a', 'A', { series: 'Notes' }),
      found('b', 'B', { series: 'Notes' }),
      found('c', 'Notes, part 1'),
      found('d', 'Notes, part 2'),
    ]);
    expect(guesses.map((g) => g.slug)).toEqual(['notes', 'notes-2']);
  });
});
