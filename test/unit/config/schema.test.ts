import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, frontMatterSchema, jsonSchemas } from '../../../src/config/schema.ts';

const REPO = join(import.meta.dirname, '..', '..', '..');

describe('config schema', () => {
  it('should match the committed JSON Schemas (run `npm run schema` after changing it)', () => {
    const { config, frontMatter } = jsonSchemas();
    expect(JSON.parse(readFileSync(join(REPO, 'schema', 'postbound.schema.json'), 'utf8'))).toEqual(config);
    expect(JSON.parse(readFileSync(join(REPO, 'schema', 'front-matter.schema.json'), 'utf8'))).toEqual(frontMatter);
  });

  it('should fill defaults for a minimal config', () => {
    const c = configSchema.parse({
      site: { title: 'T', author: 'A', url: 'https://x.org/' },
      books: [{ slug: 'b', title: 'B', series: 's' }],
    });
    expect(c.site.language).toBe('en');
    expect(c.books[0].trim).toBe('6x9');
    expect(c.books[0].license).toBe('CC-BY-4.0');
    expect(c.build.allowRemoteImages).toBe(false);
  });

  it('should reject unknown keys, bad slugs and a book with both series and posts', () => {
    expect(configSchema.safeParse({ site: { title: 'T', author: 'A', url: 'https://x.org/', colour: 1 } }).success).toBe(false);
    expect(
      configSchema.safeParse({
        site: { title: 'T', author: 'A', url: 'https://x.org/' },
        books: [{ slug: 'Bad Slug', title: 'B' }],
      }).success,
    ).toBe(false);
    expect(
      configSchema.safeParse({
        site: { title: 'T', author: 'A', url: 'https://x.org/' },
        books: [{ slug: 'b', title: 'B', series: 's', posts: ['x'] }],
      }).success,
    ).toBe(false);
  });

  it('should accept dates as YYYY-MM-DD or ISO date-times, and reject impossible ones', () => {
    expect(frontMatterSchema.safeParse({ title: 'x', date: '2025-03-04' }).success).toBe(true);
    expect(frontMatterSchema.safeParse({ title: 'x', date: '2025-03-04T10:00:00+02:00' }).success).toBe(true);
    expect(frontMatterSchema.safeParse({ title: 'x', date: '2025-13-04' }).success).toBe(false);
    expect(frontMatterSchema.safeParse({ title: 'x', date: 'March 4' }).success).toBe(false);
  });
});
