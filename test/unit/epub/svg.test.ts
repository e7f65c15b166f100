// Which SVGs go into the EPUB as they are, and which are drawn as PNG instead.
import { describe, expect, it } from 'vitest';
import { epubSvg } from '../../../src/epub/svg.ts';

const svg = (inner: string, attrs = 'viewBox="0 0 10 10"') => `<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${inner}</svg>`;
const kept = (text: string) => {
  const r = epubSvg(Buffer.from(text, 'utf8'));
  return 'bytes' in r ? r.bytes.toString('utf8') : undefined;
};
const refused = (text: string | Buffer) => {
  const r = epubSvg(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return 'refused' in r ? r.refused : undefined;
};

describe('epubSvg', () => {
  it('should keep a plain drawing with internal references, gradients and styles', () => {
    const text = svg(
      '<defs><linearGradient id="g"/><style>rect { fill: url(#g); }</style></defs><rect width="5" height="5"/><use href="#g"/>',
    );
    expect(kept(text)).toBe(text);
  });

  it('should drop the DOCTYPE and editor markup, and nothing else', () => {
    const out = kept(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n` +
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="x" viewBox="0 0 4 4" inkscape:version="1.3">` +
        `<sodipodi:namedview id="n" inkscape:zoom="2"/><inkscape:clipboard min="0"><rect/></inkscape:clipboard><rect width="4" height="4" sodipodi:type="rect"/></svg>`,
    );
    expect(out).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>',
    );
  });

  it('should refuse what an SVG content document may not hold, so that it is drawn instead', () => {
    expect(refused(svg('<script>alert(1)</script>'))).toMatch(/script/);
    expect(refused(svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'))).toMatch(/HTML/);
    expect(refused(svg('<rect onclick="go()"/>'))).toMatch(/event/);
    expect(refused(svg('<image href="photo.jpg" width="4" height="4"/>'))).toMatch(/links to photo\.jpg/);
    expect(refused(svg('<image xlink:href="data:image/png;base64,AAAA"/>'))).toMatch(/links to data:/);
    expect(refused(svg('<a href="https://example.org/"><rect/></a>'))).toMatch(/links to https/);
    expect(refused(svg('<style>@import url(more.css);</style>'))).toMatch(/loads more\.css/);
    expect(refused(svg('<style>@font-face { font-family: X; }</style>'))).toMatch(/fonts/);
    expect(refused('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')).toMatch(/entities/);
    expect(refused('<svg viewBox="0 0 1 1"><rect/></svg>')).toMatch(/namespace/);
    expect(refused('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"/>')).toMatch(/ISO-8859-1/);
    expect(refused(Buffer.from([0x3c, 0x73, 0x76, 0x67, 0xff, 0xfe]))).toMatch(/UTF-8/);
  });
});
