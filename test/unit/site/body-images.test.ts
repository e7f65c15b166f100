// How a post's images come out on the site and in the PDF: responsive variants in
// a <picture>, an SVG or an animation as its own file in a plain <img>, and a
// local file the loader could not read as a plain link (site) or its alt text (PDF).
import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../../src/content/model.ts';
import { postHtml } from '../../../src/pdf/post-html.ts';
import { bodyHtml, type SiteImage } from '../../../src/site/body.ts';

const el = (tagName: string, properties: Record<string, unknown>, children: Root['children'] = []) =>
  ({ type: 'element', tagName, properties, children }) as Root['children'][number];

const hast: Root = {
  type: 'root',
  children: [
    el('p', {}, [el('img', { src: '../sketches/scan.webp', alt: 'a scan', dataAsset: 'scan' })]),
    el('p', {}, [el('img', { src: '../sketches/flow.svg', alt: 'a flow', dataAsset: 'flow' })]),
    el('p', {}, [el('img', { src: '../sketches/photo%20one.heic', alt: '' })]),
    el('p', {}, [el('img', { src: 'https://example.org/logo.png', alt: 'a logo' })]),
  ],
};

const images: Record<string, SiteImage> = {
  scan: {
    src: '/images/scan-1.jpg',
    srcset: { webp: '/images/scan-1.webp 640w', jpeg: '/images/scan-1.jpg 640w' },
    width: 640,
    height: 480,
    card: '/images/scan-1.jpg',
  },
  flow: { src: '/images/flow-2.svg', width: 300, height: 150, card: '/images/flow-3.jpg' },
};

describe('post images on the site', () => {
  const html = bodyHtml({ hast } as Post, { postUrl: (s) => `/posts/${s}/`, fileUrl: (p) => `/${p}`, image: (id) => images[id] });

  it('should put variants in a <picture> and an image served as it is in a plain <img>', () => {
    expect(html).toContain('<picture><source type="image/webp" srcset="/images/scan-1.webp 640w"');
    expect(html).toContain(
      '<p><img src="/images/flow-2.svg" alt="a flow" width="300" height="150" loading="lazy" decoding="async"></p>',
    );
  });

  it('should turn a local image nothing could read into a link, and leave a remote one alone', () => {
    expect(html).toContain('<a href="../sketches/photo%20one.heic" class="unsupported-image">photo one.heic</a>');
    expect(html).toContain('<img src="https://example.org/logo.png" alt="a logo">');
  });
});

describe('post images in the PDF', () => {
  it('should show the alt text of a local image nothing could read, not a broken picture', () => {
    const withAlt: Root = { type: 'root', children: [el('p', {}, [el('img', { src: 'gone.heic', alt: 'a phone photo' })])] };
    const html = postHtml(withAlt, { slug: 's', inBook: new Set(), imageSrc: () => undefined });
    expect(html).toBe('<p><span class="missing-image">a phone photo</span></p>');
  });
});
