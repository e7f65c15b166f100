import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Azw3Result, base32, buildAzw3 } from '../../../src/mobi/azw3.ts';
import { readIndex, readMobi } from '../../../src/mobi/reader.ts';
import { EXTH } from '../../../src/mobi/record0.ts';
import type { MobiBook } from '../../../src/mobi/writer.ts';
import { CHAPTERS, fixtureBook } from './fixture.ts';

let book: MobiBook;
let out: Azw3Result;

beforeAll(async () => {
  book = await fixtureBook();
  out = buildAzw3(book);
});

/** Rebuild every file from the skeleton and fragment tables, the way readers do (§6.3). */
function rebuild(file: Buffer): { files: string[]; fragStarts: number[]; flow0: Buffer; css: string } {
  const m = readMobi(file);
  const fdst = m.records[m.header.fdstRecord];
  expect(fdst.toString('latin1', 0, 4)).toBe('FDST');
  expect(fdst.readUInt32BE(8)).toBe(2);
  const flow0 = m.text.subarray(fdst.readUInt32BE(12), fdst.readUInt32BE(16));
  const css = m.text.toString('utf8', fdst.readUInt32BE(20), fdst.readUInt32BE(24));
  const skel = readIndex(m.records, m.header.skeletonIndex).entries;
  const frag = readIndex(m.records, m.header.fragmentIndex);
  const files: string[] = [];
  const fragStarts: number[] = [];
  let fi = 0;
  for (const s of skel) {
    const [count] = s.values.get(1)!;
    const [start, len] = s.values.get(6)!;
    let doc = flow0.subarray(start, start + len);
    let stored = start + len;
    for (let k = 0; k < count; k++, fi++) {
      const f = frag.entries[fi];
      const insert = Number(f.name);
      const [, flen] = f.values.get(6)!;
      expect(f.values.get(4)).toEqual([fi]);
      expect(frag.cncx(f.values.get(2)![0])).toMatch(/^P-\/\/\*\[@aid='[0-9A-V]+'\]$/);
      fragStarts.push(stored);
      const piece = flow0.subarray(stored, stored + flen);
      const at = insert - start;
      doc = Buffer.concat([doc.subarray(0, at), piece, doc.subarray(at)]);
      stored += flen;
    }
    files.push(doc.toString('utf8'));
  }
  return { files, fragStarts, flow0, css };
}

describe('writeAzw3', () => {
  it('should cut long chapters into fragments of about 8 KiB at element boundaries', () => {
    const m = readMobi(out.file);
    const frag = readIndex(m.records, m.header.fragmentIndex).entries;
    expect(frag.length).toBeGreaterThan(CHAPTERS.length);
    for (const f of frag) expect(f.values.get(6)![1]).toBeLessThanOrEqual(8192);
    const skel = readIndex(m.records, m.header.skeletonIndex).entries;
    expect(skel.reduce((n, s) => n + s.values.get(1)![0], 0)).toBe(frag.length);
  });

  it('should write base-32 with the digits 0-9A-V', () => {
    expect(base32(0, 4)).toBe('0000');
    expect(base32(31, 4)).toBe('000V');
    expect(base32(32, 4)).toBe('0010');
    expect(base32(1000, 10)).toBe('00000000V8');
  });

  it('should write a KF8 header whose tables rebuild every chapter as well-formed XHTML', () => {
    const m = readMobi(out.file);
    expect(m.header.version).toBe(8);
    expect(m.header.headerLength).toBe(0x108);
    expect(m.text.equals(out.text)).toBe(true);
    const { files, css } = rebuild(out.file);
    expect(files).toEqual(out.files);
    expect(files).toHaveLength(CHAPTERS.length);
    files.forEach((f, i) => {
      expect(XMLValidator.validate(f), `file ${i}`).toBe(true);
      expect(f).toContain(`<h1>${CHAPTERS[i].title}</h1>`);
      expect(f).toContain('href="kindle:flow:0001?mime=text/css"');
    });
    expect(css).toContain('figcaption');
    expect(css).not.toMatch(/background/);
  });

  it('should point kindle:pos links at the < of their target inside the fragment', () => {
    const { flow0, fragStarts } = rebuild(out.file);
    const html = flow0.toString('latin1');
    const links = [...html.matchAll(/kindle:pos:fid:([0-9A-V]{4}):off:([0-9A-V]{10})/g)];
    expect(links.length).toBeGreaterThan(3);
    for (const l of links) {
      const at = fragStarts[parseInt(l[1], 32)] + parseInt(l[2], 32);
      expect(html[at]).toBe('<');
    }
    expect(out.unresolved).toEqual([]);
    const targets = links.map((l) => flow0.toString('utf8', fragStarts[parseInt(l[1], 32)] + parseInt(l[2], 32)).slice(0, 40));
    expect(targets.some((t) => t.startsWith('<h2 id="a-section-with-中文">'))).toBe(true);
  });

  it('should embed images as kindle:embed resources counted from the first image record', () => {
    const m = readMobi(out.file);
    const html = out.text.toString('utf8');
    expect(html).toContain('src="kindle:embed:0001?mime=image/jpeg"');
    expect(html).toContain('src="kindle:embed:0002?mime=image/jpeg"');
    expect(html).not.toMatch(/ data-[a-z-]+=/);
    expect(m.images).toHaveLength(4);
    expect(m.exth(EXTH.resourceCount)).toEqual([4]);
    expect(m.exth(EXTH.coverOffset)).toEqual([2]);
  });

  it('should write a hierarchical NCX with pos_fid sorted by depth', () => {
    const m = readMobi(out.file);
    const { entries, cncx } = readIndex(m.records, m.header.ncxIndex);
    const labels = entries.map((e) => cncx(e.values.get(3)![0]));
    expect(labels.slice(0, 3)).toEqual(CHAPTERS.map((c) => c.title));
    const depths = entries.map((e) => e.values.get(4)![0]);
    expect(depths).toEqual([...depths].sort());
    const deeper = entries[labels.indexOf('Deeper heading')];
    const parent = entries[deeper.values.get(21)![0]];
    expect(cncx(parent.values.get(3)![0])).toBe('A section with 中文');
    const [fid, off] = deeper.values.get(6)!;
    const { flow0, fragStarts } = rebuild(out.file);
    expect(flow0.toString('utf8', fragStarts[fid] + off).startsWith('<h3 id="deeper-heading">')).toBe(true);
  });
});

describe('AZW3 XHTML', () => {
  it('should write boolean attributes in XML form', async () => {
    const { hastOf } = await import('./fixture.ts');
    const r = buildAzw3({
      title: 'T',
      authors: [],
      language: 'en',
      identifier: 'x',
      chapters: [{ id: 'a', title: 'A', hast: await hastOf('- [x] done\n- [ ] todo\n\nchecked disabled') }],
    });
    expect(r.files[0]).toContain('<input type="checkbox" checked="checked" disabled="disabled" />');
    expect(r.files[0]).toContain('checked disabled</p>');
    expect(XMLValidator.validate(r.files[0])).toBe(true);
  });
});

describe('AZW3 colours', () => {
  it('should drop background declarations from inline styles', () => {
    const r = buildAzw3({
      title: 'T',
      authors: [],
      language: 'en',
      identifier: 'x',
      chapters: [
        {
          id: 'a',
          title: 'A',
          hast: {
            type: 'root',
            children: [
              {
                type: 'element',
                tagName: 'table',
                properties: {},
                children: [
                  {
                    type: 'element',
                    tagName: 'tr',
                    properties: {},
                    children: [
                      {
                        type: 'element',
                        tagName: 'td',
                        properties: { style: 'background: red; text-align: right' },
                        children: [{ type: 'text', value: '1' }],
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
      ],
    });
    expect(r.files[0]).toContain('<td style="text-align: right">1</td>');
    expect(r.text.toString()).not.toMatch(/background/);
  });
});
