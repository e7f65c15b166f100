import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEntries } from '../../../src/import/entries.ts';
import { parseFeed } from '../../../src/import/xml.ts';
import { FIXTURES } from './media-fixture.ts';

const read = (name: string) => readEntries(parseFeed(readFileSync(join(FIXTURES, name), 'utf8')));

describe('entries', () => {
  it('should read WordPress items: ids, GMT dates, status, type and taxonomies', () => {
    const feed = read('blog.wxr.xml');
    expect(feed.base).toBe('https://shed.example.net');
    const [first, , draft] = feed.entries;
    expect(first.wpId).toBe('101');
    expect(first.date?.toISOString()).toBe('2024-02-03T09:30:00.000Z');
    expect(first.terms).toEqual([
      { domain: 'category', name: 'Seeds' },
      { domain: 'post_tag', name: 'onions' },
      { domain: 'series', name: 'A Year of Seeds' },
    ]);
    expect(first.html.startsWith('February is too early for most things, but not for onions & leeks.')).toBe(true);
    // post_date_gmt wins over the local post_date
    expect(draft.date?.toISOString()).toBe('2024-04-22T07:15:00.000Z');
    expect(draft.status).toBe('draft');
    expect(feed.entries.map((e) => e.type)).toEqual([
      'post',
      'post',
      'post',
      'post',
      'page',
      'attachment',
      'post',
      'post',
      'post',
    ]);
  });

  it('should read RSS items: RFC 822 dates with offsets, escaped HTML in description, the text link of the channel', () => {
    const feed = read('feed.rss.xml');
    expect(feed.base).toBe('https://bench.example.org/');
    expect(feed.entries[1].date?.toISOString()).toBe('2024-03-14T20:30:00.000Z');
    expect(feed.entries[1].html).toContain('<strong>shiny</strong>');
    expect(feed.entries[0].excerpt).toBe('Flatten the back once, then only the bevel.');
    expect(feed.entries[1].excerpt).toBeUndefined();
    expect(feed.entries[3].date).toBeUndefined();
  });

  it('should read Atom entries: html titles, xhtml and text content, published before updated', () => {
    const feed = read('feed.atom.xml');
    const [wind, hydro, plain] = feed.entries;
    expect(wind.title).toBe('Wind & wires');
    expect(wind.date?.toISOString()).toBe('2024-04-02T04:00:00.000Z');
    expect(wind.link).toBe('https://sounds.example.com/2024/wind-and-wires');
    expect(wind.html).toContain('<figcaption>The fence by the reservoir</figcaption>');
    expect(wind.terms.map((t) => t.name)).toEqual(['Microphones', 'outdoors']);
    expect(hydro.date?.toISOString()).toBe('2024-05-10T18:00:00.000Z');
    expect(plain.html).toBe('<p>This entry is plain text with a &lt;tag&gt; that is not markup &amp; stays text.</p>');
    expect(feed.base).toBe('https://sounds.example.com/');
  });
});
