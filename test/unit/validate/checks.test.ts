import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { publishingChecks } from '../../../src/validate/checks.ts';
import { formatReport, validateEpub } from '../../../src/validate/index.ts';
import type { ValidationReport } from '../../../src/validate/types.ts';
import { edit, type Files, minimalFiles, put, zip } from './fixtures.ts';

const CH1 = 'EPUB/ch1.xhtml';
const OPF = 'EPUB/package.opf';
const CSS = 'EPUB/style.css';

async function check(mutate: (f: Files) => Files | Promise<Files>, options = {}): Promise<ValidationReport> {
  return validateEpub(zip(await mutate(await minimalFiles())), options);
}
// postbound's findings, also those that carry EPUBCheck's id (postbound's is then beside it)
const pb = (r: ValidationReport) => r.messages.filter((m) => (m.postboundId ?? m.id).startsWith('PB-'));
const pbIds = (r: ValidationReport) =>
  pb(r)
    .map((m) => m.postboundId ?? m.id)
    .sort();

describe('publishing checks', () => {
  it('should find nothing to say about the minimal valid EPUB', async () => {
    const r = await check((f) => f);
    expect(r.messages).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.publication).toMatchObject({ title: 'Sketches from the Road', language: 'en' });
  });

  it('should hold an alternativeText claim against an image without alt, at its line', async () => {
    const r = await check((f) => edit(f, CH1, (s) => s.replace(/ alt="[^"]*"/, '')));
    expect(pbIds(r)).toEqual(['PB-A11Y-002', 'PB-A11Y-003', 'PB-A11Y-004']);
    const noAlt = r.messages.find((m) => m.id === 'PB-A11Y-003')!;
    expect(noAlt.locations[0]).toMatchObject({ path: CH1, line: 13 });
    expect(r.valid).toBe(false); // PB-A11Y-002 is an error: the metadata lies
  });

  it('should list the accessibility metadata that is missing', async () => {
    const r = await check((f) =>
      edit(f, OPF, (s) => s.replace(/ {4}<meta property="schema:accessibility(Hazard|Summary)">.*\n/g, '')),
    );
    const m = pb(r).find((x) => x.id === 'PB-A11Y-001')!;
    expect(m.message).toContain('schema:accessibilityHazard, schema:accessibilitySummary');
    expect(m.message).not.toContain('accessMode');
  });

  it('should report a content document without a language', async () => {
    const r = await check((f) => edit(f, CH1, (s) => s.replace(' xml:lang="en" lang="en"', '')));
    expect(pbIds(r)).toEqual(['PB-A11Y-005']);
  });

  it('should report remote images, stylesheets and CSS urls but not plain web links', async () => {
    const r = await check((f) => {
      let g = edit(f, CH1, (s) =>
        s
          .replace('</p>', ' <img src="https://example.org/a.png" alt="a"/> <a href="https://example.org/">web</a></p>')
          .replace('</head>', '<link rel="stylesheet" href="//cdn.example.org/x.css"/></head>'),
      );
      g = edit(g, CSS, (s) => `${s}p { background: url("http://example.org/bg.png"); }\n`);
      return g;
    });
    const urls = pb(r)
      .filter((m) => m.id === 'PB-RES-001')
      .map((m) => m.message.split(' ')[3]);
    expect(urls.sort()).toEqual(['//cdn.example.org/x.css', 'http://example.org/bg.png', 'https://example.org/a.png']);
    expect(pb(r).find((m) => m.locations[0]?.path === CSS)!.locations[0]!.line).toBe(4);
  });

  it('should report links to markdown files and to blog paths', async () => {
    const r = await check((f) =>
      edit(f, CH1, (s) =>
        s.replace('</p>', ' <a href="02-next.md#top">next</a> <a href="/posts/next/">blog</a> <a href="ch2.xhtml">ok</a></p>'),
      ),
    );
    expect(pbIds(r)).toEqual(['PB-LINK-001', 'PB-LINK-002']);
    expect(r.valid).toBe(false);
  });

  it('should report a font family with no @font-face and no generic fallback', async () => {
    const r = await check((f) =>
      edit(f, CSS, (s) => `${s}code { font-family: "Fancy Mono"; }\nh2 { font-family: Georgia, serif; }\n`),
    );
    expect(pb(r).map((m) => m.message)).toEqual([expect.stringContaining('"fancy mono"')]);
    const embedded = await check((f) =>
      edit(
        f,
        CSS,
        (s) => `@font-face { font-family: "Fancy Mono"; src: url(images/fig.png); }\n${s}code { font-family: "Fancy Mono"; }\n`,
      ),
    );
    expect(pbIds(embedded)).not.toContain('PB-FONT-001');
  });

  it('should report a font in a format readers need not support', async () => {
    const r = await check((f) =>
      put(
        edit(f, OPF, (s) =>
          s.replace('</manifest>', '<item id="f" href="f.eot" media-type="application/vnd.ms-fontobject"/></manifest>'),
        ),
        'EPUB/f.eot',
        'x',
      ),
    );
    expect(pbIds(r)).toContain('PB-FONT-002');
  });

  it('should report a missing cover and a small one', async () => {
    const none = await check((f) => edit(f, OPF, (s) => s.replace(' properties="cover-image"', '')));
    expect(pbIds(none)).toEqual(['PB-COVER-001']);
    const small = await sharp({ create: { width: 600, height: 900, channels: 3, background: '#345' } })
      .png()
      .toBuffer();
    const r = await check((f) => put(f, 'EPUB/images/cover.png', small));
    expect(pb(r).map((m) => m.message)).toEqual([expect.stringContaining('600×900')]);
  });

  it('should report images over the pixel and byte limits, and undecodable ones', async () => {
    const huge = await sharp({ create: { width: 2600, height: 2000, channels: 3, background: '#345' } })
      .png()
      .toBuffer();
    const noise = await sharp(randomBytes(1400 * 1400 * 3), { raw: { width: 1400, height: 1400, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const r = await check((f) => put(put(f, 'EPUB/images/fig.png', huge), 'EPUB/images/cover.png', noise));
    expect(pbIds(r)).toEqual(['PB-IMG-001', 'PB-IMG-002']);
    const broken = await check((f) => put(f, 'EPUB/images/fig.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])));
    expect(pbIds(broken)).toContain('PB-IMG-003');
    // a PNG signature and then nothing readable: EPUBCheck calls that a corrupted image
    expect(broken.messages.find((m) => m.postboundId === 'PB-IMG-003')?.id).toBe('PKG-021');
  });

  it('should report a book over a retailer size limit', async () => {
    const out = await publishingChecks(() => undefined, { fileSize: 700 * 1024 * 1024 });
    expect(out.map((m) => m.message)).toEqual([expect.stringContaining('Amazon KDP')]);
  });

  it('should name the markdown source of a content document', async () => {
    const r = await check((f) => edit(f, CH1, (s) => s.replace(/ alt="[^"]*"/, '')), {
      sources: { [CH1]: 'content/posts/01-leaving.md' },
    });
    expect(r.messages.find((m) => m.id === 'PB-A11Y-003')!.source).toEqual({ file: 'content/posts/01-leaving.md' });
    expect(formatReport(r)).toContain('from content/posts/01-leaving.md');
  });

  it('should fail on warnings only when strict', async () => {
    const mutate = (f: Files) => edit(f, OPF, (s) => s.replace(' properties="cover-image"', ''));
    expect((await check(mutate)).valid).toBe(true);
    expect((await check(mutate, { strict: true })).valid).toBe(false);
  });
});
