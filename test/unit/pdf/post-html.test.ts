import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { assetIds, postHtml, rewritePost } from '../../../src/pdf/post-html.ts';

const el = (tagName: string, properties: Record<string, unknown>, children: Root['children'] = []) =>
  ({ type: 'element', tagName, properties, children }) as Root['children'][number];
const text = (value: string) => ({ type: 'text', value }) as Root['children'][number];

function sample(): Root {
  return {
    type: 'root',
    children: [
      el('h2', { id: 'setup' }, [text('Setup')]),
      el('h3', { id: 'details' }, [text('Details')]),
      el('p', {}, [
        el('a', { href: '#setup' }, [text('up')]),
        el('a', { href: '../other/#x', dataPostRef: 'other', dataFragment: 'x' }, [text('other')]),
        el('a', { href: '../gone/', dataPostRef: 'gone' }, [text('gone')]),
        el('sup', {}, [
          el(
            'a',
            {
              href: '#user-content-fn-1',
              id: 'user-content-fnref-1',
              dataFootnoteRef: true,
              ariaDescribedBy: ['footnote-label'],
            },
            [text('1')],
          ),
        ]),
      ]),
      el('figure', {}, [
        el('img', { src: '../sketches/a.png', dataAsset: 'abc123', srcSet: 'x 1x', loading: 'lazy' }),
        el('figcaption', {}, [text('A')]),
      ]),
      el('section', { dataFootnotes: true }, [el('h2', { id: 'footnote-label' }, [text('Footnotes')])]),
    ],
  };
}

describe('rewritePost', () => {
  const options = { slug: 'post', inBook: new Set(['post', 'other']), imageSrc: (id: string) => `file:///tmp/${id}.jpg` };

  it('should prefix every id and in-post link with the slug', () => {
    const html = postHtml(sample(), options);
    expect(html).toContain('<h2 id="post--setup">');
    expect(html).toContain('href="#post--setup"');
    expect(html).toContain('id="post--user-content-fnref-1"');
    expect(html).toContain('href="#post--user-content-fn-1"');
    expect(html).toContain('aria-describedby="post--footnote-label"');
  });
  it('should point a link to another chapter at its id, and unlink a post outside the book', () => {
    const html = postHtml(sample(), options);
    expect(html).toContain('href="#other--x"');
    expect(html).toContain('<a data-post-ref="gone" class="unlinked-ref">gone</a>');
  });
  it('should use the print variant for images and drop the responsive attributes', () => {
    const html = postHtml(sample(), options);
    expect(html).toContain('src="file:///tmp/abc123.jpg"');
    expect(html).not.toContain('srcset');
    expect(html).not.toContain('loading');
  });
  it('should turn the footnote heading into a paragraph so it stays out of the outline', () => {
    expect(postHtml(sample(), options)).toContain('<p id="post--footnote-label" class="footnotes-title">');
  });
  it('should shift headings so a post that starts at h1 starts at h2', () => {
    const tree: Root = { type: 'root', children: [el('h1', { id: 'a' }, [text('A')]), el('h2', { id: 'b' }, [text('B')])] };
    expect(postHtml(tree, options)).toBe('<h2 id="post--a">A</h2><h3 id="post--b">B</h3>');
  });
  it('should leave the shared tree untouched', () => {
    const tree = sample();
    const before = JSON.stringify(tree);
    rewritePost(tree, options);
    expect(JSON.stringify(tree)).toBe(before);
  });
  it('should list the assets a post shows', () => {
    expect(assetIds(sample())).toEqual(['abc123']);
  });
});
