import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBundle, licenseText, readmeText, zipTime } from '../../../src/bundle/index.ts';
import type { OutputFile } from '../../../src/pipeline/context.ts';
import { type Fixture, makeFixture } from './fixture.ts';
import { readZip } from './zip-read.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Stand-ins for the other targets' outputs: distinct bytes per format. */
function writeFormats(f: Fixture, names: string[]): OutputFile[] {
  mkdirSync(join(f.ctx.outDir, 'book'), { recursive: true });
  return names.map((name) => {
    const path = `book/${name}`;
    const bytes = Buffer.from(`${name} `.repeat(500));
    writeFileSync(join(f.ctx.outDir, path), bytes);
    return { path, bytes: bytes.length };
  });
}

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('buildBundle', () => {
  it('should store every format present, a licence and a readme, with matching checksums', async () => {
    fixture = await makeFixture({ chapters: 4 });
    const s = fixture.book.slug;
    const formats = [`${s}.epub`, `${s}.pdf`, `${s}.mobi`, `${s}.azw3`, `${s}-summary.png`, `${s}-summary.pdf`, `${s}-cover.jpg`];
    const files = writeFormats(fixture, formats);
    const out = await buildBundle(fixture.ctx, fixture.book, files);
    expect(out.path).toBe(`book/${s}.zip`);
    const zip = readFileSync(join(fixture.ctx.outDir, out.path));
    expect(out.bytes).toBe(zip.length);
    const members = await readZip(zip);
    const names = members.map((m) => m.name);
    for (const name of [...formats, 'LICENSE.txt', 'README.txt']) expect(names).toContain(`${s}/${name}`);
    const checksums = out.info?.checksums as Record<string, string>;
    expect(Object.keys(checksums).sort()).toEqual([...names].sort());
    for (const m of members) expect(checksums[m.name], m.name).toBe(sha256(m.data));
    // the format files went in unchanged
    const epub = members.find((m) => m.name.endsWith('.epub'))!;
    expect(epub.data.equals(readFileSync(join(fixture.ctx.outDir, 'book', `${s}.epub`)))).toBe(true);
    expect(epub.method).toBe(0);
    expect(members.find((m) => m.name.endsWith('README.txt'))!.method).toBe(8);
  });

  it("should give the same bytes twice, stamped with the book's modified time in UTC", async () => {
    fixture = await makeFixture({ chapters: 4 });
    const files = writeFormats(fixture, [`${fixture.book.slug}.epub`]);
    const a = readFileSync(join(fixture.ctx.outDir, (await buildBundle(fixture.ctx, fixture.book, files)).path));
    const b = readFileSync(join(fixture.ctx.outDir, (await buildBundle(fixture.ctx, fixture.book, files)).path));
    expect(a.equals(b)).toBe(true);
    const [first] = await readZip(a);
    // book.modified is 2024-02-01T12:00:00Z; MS-DOS date = (year-1980)<<9 | month<<5 | day
    expect(first!.dosDate).toBe(((2024 - 1980) << 9) | (2 << 5) | 1);
    expect(first!.dosTime).toBe((12 << 11) | (0 << 5) | 0);
  });

  it('should skip formats that were not built and warn when no book file is left', async () => {
    fixture = await makeFixture({ chapters: 4 });
    const files = writeFormats(fixture, [`${fixture.book.slug}-cover.jpg`]);
    const out = await buildBundle(fixture.ctx, fixture.book, files);
    expect(out.info?.members).toEqual([
      `${fixture.book.slug}/${fixture.book.slug}-cover.jpg`,
      `${fixture.book.slug}/LICENSE.txt`,
      `${fixture.book.slug}/README.txt`,
    ]);
    expect(fixture.ctx.buildFile.messages.map((m) => m.ruleId)).toContain('bundle-empty');
  });
});

describe('zipTime', () => {
  it('should carry the UTC fields of the time into local fields', () => {
    const d = zipTime('2023-12-31T23:59:58Z');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([
      2023, 11, 31, 23, 59, 58,
    ]);
  });
  it('should clamp dates before 1980, which a zip cannot hold', () => {
    expect(zipTime('1970-01-01T00:00:00Z').getFullYear()).toBe(1980);
  });
});

describe('licenseText', () => {
  const cases: [string, RegExp][] = [
    ['CC-BY-4.0', /Attribution 4\.0 International[\s\S]*creativecommons\.org\/licenses\/by\/4\.0\//],
    ['CC-BY-SA-4.0', /Attribution-ShareAlike 4\.0[\s\S]*licenses\/by-sa\/4\.0\//],
    ['CC-BY-NC-4.0', /Attribution-NonCommercial 4\.0[\s\S]*licenses\/by-nc\/4\.0\//],
    ['CC-BY-NC-SA-4.0', /Attribution-NonCommercial-ShareAlike 4\.0[\s\S]*licenses\/by-nc-sa\/4\.0\//],
    ['CC0-1.0', /Zero v?1\.0[\s\S]*publicdomain\/zero\/1\.0\//],
    ['All-Rights-Reserved', /All rights reserved/],
  ];
  for (const [id, pattern] of cases) {
    it(`should name and link ${id}`, async () => {
      fixture = await makeFixture({ chapters: 1, license: id });
      const text = licenseText(fixture.book, 'https://notes.example.org/');
      expect(text).toMatch(pattern);
      expect(text).toContain('Ada Example');
      if (id.startsWith('CC-'))
        expect(text).toContain(
          `"${fixture.book.title}" by Ada Example (https://notes.example.org/), licensed under ${id.replace(/-/g, ' ')}`,
        );
      if (id === 'All-Rights-Reserved') expect(text).not.toContain('credit it like this');
    });
  }

  it('should link an unknown SPDX id to its SPDX page and warn in the bundle', async () => {
    fixture = await makeFixture({ chapters: 1, license: 'MIT' });
    expect(licenseText(fixture.book)).toContain('https://spdx.org/licenses/MIT.html');
    await buildBundle(fixture.ctx, fixture.book, []);
    expect(fixture.ctx.buildFile.messages.map((m) => m.ruleId)).toContain('license-unknown');
  });
});

describe('readmeText', () => {
  it('should explain each file present, and the pay-what-you-want link', async () => {
    fixture = await makeFixture({ chapters: 1 });
    const s = fixture.book.slug;
    const text = readmeText(fixture.book, [`${s}.epub`, `${s}.azw3`, `${s}.pdf`, `${s}-summary.pdf`]);
    expect(text).toMatch(new RegExp(`${s}\\.epub\\n  EPUB 3: Kobo`));
    expect(text).toMatch(new RegExp(`${s}\\.azw3\\n  AZW3`));
    expect(text).toMatch(new RegExp(`${s}\\.pdf\\n  PDF: print`));
    expect(text).toMatch(new RegExp(`${s}-summary\\.pdf\\n  The whole book on one page`));
    expect(text).not.toContain('.mobi');
    expect(text).toContain('https://pay.example.org/field-guide');
  });
});
