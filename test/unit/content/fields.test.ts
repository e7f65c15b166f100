// Each generator's front matter names mapped onto postbound's fields.
import { describe, expect, it } from 'vitest';
import { FRONT_MATTER_TARGETS } from '../../../src/config/schema.ts';
import {
  COLLECTION_TAGS,
  didYouMean,
  editDistance,
  fieldMap,
  imageAlt,
  mapFields,
  PRESETS,
} from '../../../src/content/fields.ts';

const jekyll = (raw: Record<string, unknown>) => mapFields(raw, PRESETS.jekyll);
const hugo = (raw: Record<string, unknown>) => mapFields(raw, PRESETS.hugo);
const astro = (raw: Record<string, unknown>) => mapFields(raw, PRESETS.astro);
const eleventy = (raw: Record<string, unknown>) => mapFields(raw, PRESETS.eleventy, { collectionTags: COLLECTION_TAGS.eleventy });

describe('mapFields: Jekyll', () => {
  it('maps excerpt to summary, trimmed, and says where it came from', () => {
    const m = jekyll({ title: 'T', excerpt: '  The gist.  ' });
    expect(m.fields).toEqual({ title: 'T', summary: 'The gist.' });
    expect(m.source).toMatchObject({ title: 'title', summary: 'excerpt' });
    expect(m.unknown).toEqual([]);
  });

  it('reads a categories string as space-separated tags', () => {
    expect(jekyll({ categories: 'pencil ink' }).fields.tags).toEqual(['pencil', 'ink']);
    expect(jekyll({ category: 'sketching' }).fields.tags).toEqual(['sketching']);
  });

  it('reads a comma-separated tags string', () => {
    expect(jekyll({ tags: 'a, b , c' }).fields.tags).toEqual(['a', 'b', 'c']);
  });

  it('merges categories and tags without duplicates, tags first', () => {
    const m = jekyll({ categories: 'a b', tags: ['b', 'c'] });
    expect(m.fields.tags).toEqual(['b', 'c', 'a']);
    expect(m.source.tags).toBe('tags');
    expect(jekyll({ categories: ['a'], category: 'a', tags: 'b a' }).fields.tags).toEqual(['b', 'a']);
  });

  it('drops empty entries of a tag list and writes numbers as text', () => {
    expect(mapFields({ tags: [1, null, '', 'x'] }, {}).fields.tags).toEqual(['1', 'x']);
  });

  it('makes published: false a draft, and leaves published out of the fields', () => {
    expect(jekyll({ published: false }).fields).toEqual({ draft: true });
    expect(jekyll({ published: 'false' }).fields).toEqual({ draft: true });
    expect(jekyll({ published: true }).fields).toEqual({});
  });

  it('lets an explicit draft win over published', () => {
    expect(jekyll({ published: false, draft: false }).fields).toEqual({ draft: false });
  });

  it('maps author, as a name, an object or a list, onto authors', () => {
    expect(jekyll({ author: { name: 'Ann', email: 'a@x' } }).fields.authors).toEqual(['Ann']);
    expect(jekyll({ author: ' Ann ' }).fields.authors).toEqual(['Ann']);
    expect(jekyll({ author: ['A', { name: 'B' }, { email: 'x' }, ''] }).fields.authors).toEqual(['A', 'B']);
  });

  it('merges authors and author', () => {
    expect(jekyll({ authors: ['A'], author: 'B' }).fields.authors).toEqual(['A', 'B']);
    expect(jekyll({ authors: ['A'], author: 'A' }).fields.authors).toEqual(['A']);
  });

  it('maps redirect_from, a list or one address, onto aliases', () => {
    expect(jekyll({ redirect_from: ['/old/', '/x.html'] }).fields.aliases).toEqual(['/old/', '/x.html']);
    expect(jekyll({ redirect_from: '/old/' }).fields.aliases).toEqual(['/old/']);
    expect(jekyll({ redirect_from: ['', 3, '/a/'] }).fields.aliases).toEqual(['/a/']);
  });

  it('maps image and last_modified_at', () => {
    expect(jekyll({ image: '/assets/a.png', last_modified_at: '2020-01-01' }).fields).toEqual({
      sketch: '/assets/a.png',
      updated: '2020-01-01',
    });
  });

  it("lets postbound's own names win over mapped ones", () => {
    const m = jekyll({ summary: 'mine', excerpt: 'theirs', description: 'other' });
    expect(m.fields.summary).toBe('mine');
    expect(m.source.summary).toBe('summary');
    expect(jekyll({ sketch: 'own.png', image: 'theirs.png' }).fields.sketch).toBe('own.png');
  });

  it('takes the earlier preset name when two map to the same field', () => {
    expect(jekyll({ description: 'd', excerpt: 'e' }).fields.summary).toBe('e');
  });

  it('keeps every field as written in data, and lists the ones it does not know', () => {
    const raw = { title: 'T', layout: 'post', comments: true, excerpt: 'E', foo: 1 };
    const m = jekyll(raw);
    expect(m.data).toEqual(raw);
    expect(m.unknown).toEqual(['layout', 'comments', 'foo']);
  });

  it('ignores null values', () => {
    expect(jekyll({ tags: null, categories: ['a'], excerpt: null }).fields).toEqual({ tags: ['a'] });
  });
});

describe('mapFields: Hugo', () => {
  it('maps lastmod to updated, and a series list to its first series', () => {
    expect(hugo({ lastmod: '2020-01-01', series: ['X', 'Y'] }).fields).toEqual({ updated: '2020-01-01', series: 'X' });
    expect(hugo({ series: [] }).fields.series).toBeUndefined();
    expect(hugo({ series: 'Z' }).fields.series).toBe('Z');
  });

  it('takes a positive whole weight as the part, and no other weight', () => {
    expect(hugo({ weight: 2 }).fields.part).toBe(2);
    expect(hugo({ weight: 2 }).source.part).toBe('weight');
    for (const weight of [0, -1, 1.5, 'heavy']) expect(hugo({ weight }).fields.part, String(weight)).toBeUndefined();
  });

  it('lets part win over weight', () => {
    expect(hugo({ part: 3, weight: 2 }).fields.part).toBe(3);
  });

  it('takes the first of a list of images as the sketch', () => {
    expect(hugo({ images: ['a.png', 'b.png'] }).fields.sketch).toBe('a.png');
    expect(hugo({ images: ['', 'b.png'] }).fields.sketch).toBe('b.png');
  });

  it('takes the image of a cover object, whose alt goes with it', () => {
    const cover = { image: 'c.png', alt: 'A cup' };
    expect(hugo({ cover }).fields.sketch).toBe('c.png');
    expect(hugo({ cover }).source.sketch).toBe('cover');
    expect(imageAlt(cover)).toBe('A cup');
    expect(imageAlt({ image: 'c.png', caption: 'Cap' })).toBe('Cap');
    expect(imageAlt('c.png')).toBeUndefined();
    expect(imageAlt(['c.png'])).toBeUndefined();
  });

  it('maps url to permalink and publishDate to date, date winning', () => {
    expect(hugo({ url: '/x/', publishDate: '2020-01-01' }).fields).toEqual({ permalink: '/x/', date: '2020-01-01' });
    expect(hugo({ publishDate: '2020-01-01', date: '2021-01-01' }).fields.date).toBe('2021-01-01');
  });

  it('maps categories to tags, merged with tags', () => {
    expect(hugo({ tags: ['a'], categories: ['b', 'a'] }).fields.tags).toEqual(['a', 'b']);
  });
});

describe('mapFields: Astro', () => {
  it('maps pubDate, updatedDate and heroImage', () => {
    const m = astro({ title: 'T', pubDate: 'Jul 08 2022', updatedDate: 'Jul 09 2022', heroImage: '/h.png', description: 'D' });
    expect(m.fields).toEqual({ title: 'T', date: 'Jul 08 2022', updated: 'Jul 09 2022', sketch: '/h.png', summary: 'D' });
    expect(m.source).toMatchObject({ date: 'pubDate', updated: 'updatedDate', sketch: 'heroImage' });
  });

  it('maps AstroPaper names too', () => {
    expect(astro({ pubDatetime: '2022-07-08T10:00:00Z', modDatetime: '2022-07-09', ogImage: 'o.png' }).fields).toEqual({
      date: '2022-07-08T10:00:00Z',
      updated: '2022-07-09',
      sketch: 'o.png',
    });
  });
});

describe('mapFields: Eleventy', () => {
  it('drops the collection tags, keeping the topics', () => {
    expect(eleventy({ tags: ['posts', 'x', 'post', 'all', 'y'] }).fields.tags).toEqual(['x', 'y']);
    expect(eleventy({ tags: 'posts' }).fields.tags).toEqual([]);
  });

  it('keeps every tag as written in data', () => {
    expect(eleventy({ tags: ['posts', 'x'] }).data.tags).toEqual(['posts', 'x']);
  });
});

describe('mapFields: conversions', () => {
  it('writes numbers as text where a field takes text, and reads a part and draft from text', () => {
    expect(mapFields({ title: 42, slug: 7, part: '2', draft: 'true' }, {}).fields).toEqual({
      title: '42',
      slug: '7',
      part: 2,
      draft: true,
    });
  });

  it('finds the path in an image object by its usual keys', () => {
    for (const key of ['image', 'path', 'src', 'url', 'feature', 'filename']) {
      expect(mapFields({ image: { [key]: 'p.png' } }, PRESETS.jekyll).fields.sketch, key).toBe('p.png');
    }
    expect(mapFields({ image: { alt: 'no path' } }, PRESETS.jekyll).fields.sketch).toBeUndefined();
  });

  it('leaves a value of the wrong kind for the schema to report', () => {
    expect(mapFields({ title: ['a'] }, {}).fields.title).toEqual(['a']);
  });
});

describe('fieldMap', () => {
  it("puts the config's own names on top of the preset", () => {
    const map = fieldMap('jekyll', { excerpt: 'problem', teaser: 'summary' });
    expect(map.excerpt).toBe('problem');
    expect(map.teaser).toBe('summary');
    expect(map.redirect_from).toBe('aliases');
    expect(fieldMap('postbound', {})).toEqual({});
  });
});

describe('didYouMean', () => {
  const known = [...FRONT_MATTER_TARGETS];

  it('suggests the field a near miss was meant to be', () => {
    expect(didYouMean('tittle', known)).toBe('title');
    expect(didYouMean('serie', known)).toBe('series');
    expect(didYouMean('sumary', known)).toBe('summary');
    expect(didYouMean('titel', known)).toBe('title');
    expect(didYouMean('dat', known)).toBe('date');
    expect(didYouMean('tgs', known)).toBe('tags');
    expect(didYouMean('aliass', known)).toBe('aliases');
  });

  it('suggests a mapped name too when it is among the known ones', () => {
    expect(didYouMean('catgories', known)).toBeUndefined();
    expect(didYouMean('catgories', [...known, ...Object.keys(PRESETS.jekyll)])).toBe('categories');
  });

  it('suggests nothing for fields blogs carry for their templates', () => {
    expect(didYouMean('layout', known)).toBeUndefined();
    expect(didYouMean('Layout', known)).toBeUndefined();
    expect(didYouMean('comments', known)).toBeUndefined();
    expect(didYouMean('toc', known)).toBeUndefined();
  });

  it('suggests nothing for an exact name, a short one, or a name far from every field', () => {
    expect(didYouMean('date', known)).toBeUndefined();
    expect(didYouMean('permalink', known)).toBeUndefined();
    expect(didYouMean('ab', known)).toBeUndefined();
    expect(didYouMean('xyzzy', known)).toBeUndefined();
    expect(didYouMean('image', known)).toBeUndefined();
  });

  it('allows one edit for a name of four letters or fewer, two for longer ones', () => {
    expect(didYouMean('tgas', known)).toBe('tags');
    expect(didYouMean('dtea', known)).toBeUndefined();
    expect(didYouMean('summry', known)).toBe('summary');
    expect(didYouMean('smry', known)).toBeUndefined();
  });

  it('suggests the field a name differs from only in case', () => {
    expect(didYouMean('Date', known)).toBe('date');
    expect(didYouMean('sketchalt', known)).toBe('sketchAlt');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('tittle', 'title')).toBe(1);
    expect(editDistance('titel', 'title')).toBe(1);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['serie', 'series'],
      ['ca', 'abc'],
      ['sumary', 'summary'],
    ] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});
