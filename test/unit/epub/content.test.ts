import type { Element, Root } from 'hast';
import { selectAll } from 'hast-util-select';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../../../src/content/load.ts';
import type { Post, Site } from '../../../src/content/model.ts';
import { prepareContent } from '../../../src/epub/content.ts';
import { toXhtml } from '../../../src/epub/xhtml.ts';
import { makeProject, post } from '../../helpers/project.ts';

let site: Site;
const bySlug = (slug: string) => site.posts.find((p) => p.slug === slug) as Post;
const options = {
  fileOf: (slug: string) => (slug === 'second' ? 'second.xhtml' : undefined),
  blogUrl: (slug: string) => `https://test.example.org/posts/${slug}/`,
  image: (id: string) => ({ href: `images/${id}.png`, width: 800, height: 600 }),
};

beforeAll(async () => {
  const root = await makeProject({
    'content/posts/2025-01-04-mixed.md': post(
      { title: 'Mixed', date: '2025-01-04' },
      [
        '- [x] done',
        '- [ ] open',
        '',
        '| l | r |',
        '|:--|--:|',
        '| 1 | 2 |',
        '',
        '<center>old</center> <tt>mono</tt> <kbd>K</kbd> <mark>m</mark>',
        '',
        'A note[^δ].',
        '',
        '![](../sketches/one.png)',
        '',
        '[^δ]: Greek label.',
      ].join('\n'),
    ),
  });
  const loaded = await loadSite(root);
  if (!loaded.site) throw new Error('fixture did not load');
  site = loaded.site;
});

describe('prepareContent', () => {
  it('should point links to posts in the book at their chapter file, keeping the fragment', () => {
    const { tree } = prepareContent(bySlug('first'), options);
    const links = selectAll('a', tree).map((a) => a.properties.href);
    expect(links).toContain('second.xhtml#go-on');
  });

  it('should point links to posts outside the book at the blog', () => {
    const { tree } = prepareContent(bySlug('second'), options);
    expect(selectAll('a', tree).map((a) => a.properties.href)).toContain('https://test.example.org/posts/first/');
  });

  it('should mark footnote references and notes so readers can pop them up', () => {
    const { tree } = prepareContent(bySlug('first'), options);
    const ref = selectAll('a[role="doc-noteref"]', tree)[0] as Element;
    expect(ref.properties['epub:type']).toBe('noteref');
    const target = String(ref.properties.href).slice(1);
    const aside = selectAll('aside', tree).find((a) => a.properties.id === target) as Element;
    expect(aside.properties).toMatchObject({ 'epub:type': 'footnote', role: 'doc-footnote' });
    expect(selectAll('section', tree)[0]?.properties).toMatchObject({ 'epub:type': 'endnotes', role: 'doc-endnotes' });
    const back = selectAll('a[role="doc-backlink"]', tree)[0] as Element;
    expect(back.properties.href).toBe(`#${ref.properties.id}`);
    expect(toXhtml([back])).toContain('↩\ufe0e</a>');
  });

  it('should store non-ASCII footnote ids decoded so the reference finds them', () => {
    const { tree } = prepareContent(bySlug('mixed'), options);
    const ref = selectAll('a[role="doc-noteref"]', tree)[0] as Element;
    expect(ref.properties.href).toBe('#fn-δ');
    expect(selectAll('aside', tree).map((a) => a.properties.id)).toEqual(['fn-δ']);
  });

  it('should remove postbound data attributes and obsolete presentational markup', () => {
    const { tree } = prepareContent(bySlug('mixed'), options);
    const xhtml = toXhtml(tree);
    expect(xhtml).not.toMatch(/data-|align=|<center|<tt/);
    expect(xhtml).toContain('<td class="align-right">2</td>');
    expect(xhtml).toContain('<code>mono</code>');
    expect(xhtml).toContain('<kbd>K</kbd>');
  });

  it('should turn task list checkboxes into ballot box characters', () => {
    const { tree } = prepareContent(bySlug('mixed'), options);
    const xhtml = toXhtml(tree);
    expect(xhtml).not.toContain('<input');
    expect(xhtml).toMatch(/☑<\/span> done/);
    expect(xhtml).toMatch(/☐<\/span> open/);
  });

  it('should point images at their packaged variant and report a missing alt', () => {
    const { tree, missingAlt } = prepareContent(bySlug('mixed'), options);
    const img = selectAll('img', tree)[0] as Element;
    expect(img.properties).toEqual({
      src: expect.stringMatching(/^images\/[0-9a-f]{12}\.png$/),
      alt: '',
      width: 800,
      height: 600,
    });
    expect(missingAlt).toEqual(['../sketches/one.png']);
  });

  it('should leave the model untouched', () => {
    const p = bySlug('first');
    const before = JSON.stringify(p.hast);
    prepareContent(p, options);
    expect(JSON.stringify(p.hast)).toBe(before);
    expect(JSON.stringify(p.hast as Root)).toContain('dataPostRef');
  });
});
