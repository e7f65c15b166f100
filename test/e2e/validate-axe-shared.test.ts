// axe over documents swapped into one open page must find exactly what it finds
// when every document is loaded by a navigation of its own (the reference), in
// any order: nothing leaks from one document into the next, stylesheets and
// images are in place before axe looks, and documents that would behave
// differently when inserted (scripts, broken XML) are still navigated to.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser } from '../../src/browser/browser.ts';
import { axeCheck, warmAxe } from '../../src/validate/axe.ts';
import type { ValidationMessage } from '../../src/validate/types.ts';

const shared = new SharedBrowser();
afterAll(() => shared.close());

const doc = (
  title: string | null,
  body: string,
  opts: { lang?: string; head?: string } = {},
) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"${opts.lang === undefined ? ' xml:lang="en" lang="en"' : opts.lang}>
<head>
  ${title === null ? '' : `<title>${title}</title>`}
  <link rel="stylesheet" type="text/css" href="${opts.head ?? 'style.css'}"/>
</head>
<body>
${body}
</body>
</html>
`;

const CSS = `body { font-family: serif; color: #222; background: #fff; }
.faint { color: #d0d0d0; }
.tiny a { display: inline-block; width: 8px; height: 8px; overflow: hidden; margin: 0; }
.hidden { display: none; }
`;

const FILES: Record<string, string> = {
  'EPUB/clean.xhtml': doc('Clean', '<h1>Clean</h1><p>Plain text.</p><figure><img src="images/fig.png" alt="A map"/></figure>'),
  'EPUB/alt.xhtml': doc(
    'Alt',
    '<h1>Alt</h1><p><img src="images/fig.png"/></p><p style="color:#ddd;background:#fff">Faint inline.</p>',
  ),
  // only the stylesheet makes this faint: caught only if the sheet has loaded
  'EPUB/sheet-contrast.xhtml': doc('Sheet', '<h1>Sheet</h1><p class="faint">Faint by the stylesheet.</p>'),
  // the stylesheet hides the image without alt; axe skips hidden nodes
  'EPUB/sheet-hidden.xhtml': doc('Hidden', '<h1>Hidden</h1><div class="hidden"><img src="images/fig.png"/></div>'),
  'EPUB/target.xhtml': doc(
    'Targets',
    '<h1>Targets</h1><p class="tiny"><a href="clean.xhtml">one</a><a href="alt.xhtml">two</a><a href="clean.xhtml#x">three</a></p>',
  ),
  'EPUB/links.xhtml': doc('Links', '<h1>Links</h1><p><a href="clean.xhtml"><img src="images/fig.png"/></a></p><button></button>'),
  'EPUB/nolang.xhtml': doc(null, '<h1>No language, no title</h1><p>Text.</p>', { lang: '' }),
  'EPUB/badlang.xhtml': doc('Bad language', '<p>Text.</p>', { lang: ' xml:lang="fr" lang="en-US-x-nonsense-what"' }),
  'EPUB/aria.xhtml': doc(
    'ARIA',
    '<div role="checkbox">Tick</div><p aria-labelledby="nowhere" role="slider">S</p><ul><div>Not a list item</div></ul><table><tr><th>Head</th></tr></table>',
  ),
  'EPUB/sub/deeper.xhtml': doc(
    'Deeper',
    '<h1>Deeper</h1><p class="faint">Faint, through ../style.css.</p><img src="../images/fig.png"/>',
    {
      head: '../style.css',
    },
  ),
  'EPUB/style-element.xhtml': doc('Style', '<h1>Style</h1><p class="pale">Pale.</p>').replace(
    '</head>',
    '<style>.pale { color: #eee; }</style></head>',
  ),
  // a script adds an image without alt: found only if the script runs
  'EPUB/scripted.xhtml': doc(
    'Scripted',
    '<h1>Scripted</h1><div id="slot"></div><script>document.getElementById("slot").appendChild(document.createElementNS("http://www.w3.org/1999/xhtml","img")).setAttribute("src","images/fig.png");</script>',
  ),
  'EPUB/broken.xhtml': doc('Broken', '<h1>Broken<p>never closed</h1>'),
};

// Calibre writes this into every document; it must not stop the swap
FILES['EPUB/aria.xhtml'] = FILES['EPUB/aria.xhtml']!.replace(
  '<head>',
  '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>',
);

const ORDER = Object.keys(FILES);
let files: Map<string, Uint8Array>;
const read = (path: string) => files.get(path);

beforeAll(async () => {
  const fig = await sharp({ create: { width: 640, height: 420, channels: 3, background: { r: 200, g: 120, b: 90 } } })
    .png()
    .toBuffer();
  files = new Map([
    ...Object.entries(FILES).map(([k, v]) => [k, new TextEncoder().encode(v)] as const),
    ['EPUB/style.css', new TextEncoder().encode(CSS)],
    ['EPUB/images/fig.png', new Uint8Array(fig)],
  ]);
});

const byDoc = (messages: ValidationMessage[]) => {
  const out = new Map<string, ValidationMessage[]>();
  for (const m of messages) out.set(m.locations[0]!.path, [...(out.get(m.locations[0]!.path) ?? []), m]);
  return out;
};

describe('axe in a shared page', () => {
  let reference: ValidationMessage[];
  beforeAll(async () => {
    const browser = await shared.get();
    reference = await axeCheck(browser, ORDER, read, { navigateEach: true, pages: 1 });
  });

  it('should have a reference that finds the violations the documents were written to have', () => {
    const found = new Set(reference.map((m) => `${m.locations[0]!.path} ${m.id}`));
    for (const want of [
      'EPUB/alt.xhtml ACE-image-alt',
      'EPUB/alt.xhtml ACE-color-contrast',
      'EPUB/sheet-contrast.xhtml ACE-color-contrast',
      'EPUB/target.xhtml ACE-target-size',
      'EPUB/links.xhtml ACE-link-name',
      'EPUB/links.xhtml ACE-button-name',
      'EPUB/nolang.xhtml ACE-html-has-lang',
      'EPUB/nolang.xhtml ACE-document-title',
      'EPUB/badlang.xhtml ACE-html-xml-lang-mismatch',
      'EPUB/aria.xhtml ACE-aria-required-attr',
      'EPUB/aria.xhtml ACE-list',
      'EPUB/sub/deeper.xhtml ACE-color-contrast',
      'EPUB/sub/deeper.xhtml ACE-image-alt',
      'EPUB/style-element.xhtml ACE-color-contrast',
      'EPUB/scripted.xhtml ACE-image-alt',
    ]) {
      expect(found).toContain(want);
    }
    expect([...found].filter((f) => f.startsWith('EPUB/clean.xhtml') || f.startsWith('EPUB/sheet-hidden.xhtml'))).toEqual([]);
  });

  it('should report exactly the same messages, in the same order, as a navigation per document', async () => {
    const browser = await shared.get();
    const how = new Map<string, string>();
    const swapped = await axeCheck(browser, ORDER, read, { pages: 1, onLoad: (p, h) => how.set(p, h) });
    expect(swapped).toEqual(reference);
    // the page really was reused, and the scripted and broken documents were not swapped in
    expect([...how.values()].filter((h) => h === 'swapped').length).toBeGreaterThanOrEqual(ORDER.length - 4);
    expect(how.get('EPUB/scripted.xhtml')).toBe('navigated');
    expect(how.get('EPUB/broken.xhtml')).toBe('navigated');
    expect(how.get('EPUB/aria.xhtml')).toBe('swapped');
  });

  it('should find the same per document in reverse order and on two pages (nothing carries over)', async () => {
    const browser = await shared.get();
    const want = byDoc(reference);
    for (const order of [[...ORDER].reverse(), [...ORDER.slice(6), ...ORDER.slice(0, 6)]]) {
      const got = byDoc(await axeCheck(browser, order, read, { pages: 2 }));
      for (const path of ORDER) expect({ path, messages: got.get(path) ?? [] }).toEqual({ path, messages: want.get(path) ?? [] });
    }
  });

  it('should swap the first document into the page warmAxe opened ahead, and report the same', async () => {
    const browser = await shared.get();
    for (const order of [ORDER, [...ORDER].reverse()]) {
      warmAxe(browser);
      const how = new Map<string, string>();
      const got = await axeCheck(browser, order, read, { pages: 1, onLoad: (p, h) => how.set(p, h) });
      const first = order[0]!;
      if (first !== 'EPUB/scripted.xhtml' && first !== 'EPUB/broken.xhtml') expect(how.get(first)).toBe('swapped');
      const want = byDoc(reference);
      const mine = byDoc(got);
      for (const path of ORDER)
        expect({ path, messages: mine.get(path) ?? [] }).toEqual({ path, messages: want.get(path) ?? [] });
    }
  });
});
