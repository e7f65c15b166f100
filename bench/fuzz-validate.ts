// `validate` on EPUBs mutated from valid ones: ours, pandoc's and Calibre's
// (made here from a few lines of text), with bytes flipped, zip entries cut,
// duplicated, renamed or removed, XML cut mid-tag, attributes and elements
// swapped, huge attribute values, deep nesting and wrong encodings. Each must
// end with a verdict and messages within 5 s and 600 MB, never a stack trace.
// Run: nice -n 10 node --import tsx bench/fuzz-validate.ts [--seed 20] [--count 10000] [--minutes 40]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { validateEpub } from '../src/validate/index.ts';
import { type Files, minimalFiles, unzip, zip } from '../test/unit/validate/fixtures.ts';
import { fuzz, fuzzArgs, type Random, STACK } from './lib/fuzz.ts';

const { seed, count, totalMs, from } = fuzzArgs({ count: 10_000, minutes: 60 });
const work = mkdtempSync(join(tmpdir(), 'postbound-fuzz-validate-'));

async function seeds(): Promise<{ name: string; files: Files }[]> {
  const out = [{ name: 'ours', files: await minimalFiles() }];
  const md = join(work, 'seed.md');
  writeFileSync(
    md,
    '---\ntitle: Field Notes\nauthor: A. Sketcher\nlang: en\n---\n\n# Morning\n\nA line of *ink* and a [link](#evening).\n\n# Evening\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  );
  try {
    execFileSync('pandoc', [md, '-o', join(work, 'pandoc.epub')], { stdio: 'ignore' });
    out.push({ name: 'pandoc', files: unzip(readFileSync(join(work, 'pandoc.epub'))) });
  } catch {
    console.log('(no pandoc: its EPUB is left out)');
  }
  try {
    writeFileSync(join(work, 'seed.txt'), 'Field Notes\n\nA line of ink.\n\nAnother, the next morning.\n');
    execFileSync('ebook-convert', [join(work, 'seed.txt'), join(work, 'calibre.epub'), '--epub-version', '3'], {
      stdio: 'ignore',
    });
    out.push({ name: 'calibre', files: unzip(readFileSync(join(work, 'calibre.epub'))) });
  } catch {
    console.log('(no Calibre: its EPUB is left out)');
  }
  return out;
}

/** Zips entries in order, duplicate names allowed (fflate's zipSync takes an object, which cannot). */
function zipRaw(files: Files): Uint8Array {
  const chunks: Uint8Array[] = [];
  const z = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const f of files) {
    const entry = f.store || f.name === 'mimetype' ? new ZipPassThrough(f.name) : new ZipDeflate(f.name, { level: 6 });
    z.add(entry);
    entry.push(f.data, true);
  }
  z.end();
  return Buffer.concat(chunks);
}

const isXml = (name: string) => /\.(x?html?|opf|ncx|xml|svg)$/i.test(name);

type Mutation = (files: Files, r: Random) => Files | Uint8Array;

const textOf = (files: Files, r: Random) => {
  const xml = files.filter((f) => isXml(f.name));
  const f = xml.length ? r.pick(xml) : r.pick(files);
  return { f, s: strFromU8(f.data, true) };
};
const replace = (files: Files, name: string, data: Uint8Array | string) =>
  files.map((f) => (f.name === name ? { ...f, data: typeof data === 'string' ? strToU8(data) : data } : f));

const MUTATIONS: Record<string, Mutation> = {
  'bytes flipped': (files, r) => {
    const bytes = zip(files);
    for (let n = 1 + r.int(20); n > 0; n--) bytes[r.int(bytes.length)] = r.int(256);
    return bytes;
  },
  'file truncated': (files, r) => zip(files).slice(0, r.int(zip(files).length)),
  'entry truncated': (files, r) => {
    const f = r.pick(files);
    return replace(files, f.name, f.data.slice(0, r.int(f.data.length + 1)));
  },
  'entry duplicated': (files, r) => {
    const f = r.pick(files);
    const other = { ...f, data: r.next() < 0.5 ? f.data : strToU8('<x/>') };
    return [...files.slice(0, r.int(files.length + 1)), other, ...files].slice(0, files.length + 1);
  },
  'entry renamed': (files, r) => {
    const f = r.pick(files);
    const names = [
      '../evil.xhtml',
      '/abs.opf',
      'META-INF/container.xml',
      'mimetype',
      'Text/A B.xhtml',
      'ü.xhtml',
      'a\\b.xhtml',
      '',
      'x'.repeat(300),
    ];
    const to = r.next() < 0.5 ? r.pick(names) : f.name.toUpperCase();
    return files.map((e) => (e === f ? { ...e, name: to } : e));
  },
  'entry removed': (files, r) => {
    const f = r.pick(files);
    return files.filter((e) => e !== f);
  },
  'xml cut mid-tag': (files, r) => {
    const { f, s } = textOf(files, r);
    const tags = [...s.matchAll(/</g)].map((m) => m.index!);
    const at = tags.length ? r.pick(tags) + 1 + r.int(6) : r.int(s.length);
    return replace(files, f.name, s.slice(0, at));
  },
  'attributes swapped': (files, r) => {
    const { f, s } = textOf(files, r);
    const values = [...s.matchAll(/="([^"]*)"/g)].map((m) => m[1]!);
    if (values.length < 2) return replace(files, f.name, `${s}<`);
    const a = r.pick(values);
    const b = r.pick(values);
    return replace(files, f.name, s.replace(`="${a}"`, `="${b}"`).replace(`="${b}"`, `="${a}"`));
  },
  'elements swapped': (files, r) => {
    const { f, s } = textOf(files, r);
    const names = [...new Set([...s.matchAll(/<([a-zA-Z][\w:.-]*)/g)].map((m) => m[1]!))];
    if (names.length < 2) return replace(files, f.name, `<${s}`);
    const a = r.pick(names);
    const b = r.pick(names);
    return replace(files, f.name, s.replaceAll(`<${a}`, '<\u0000').replaceAll(`<${b}`, `<${a}`).replaceAll('<\u0000', `<${b}`));
  },
  'huge attribute': (files, r) => {
    const { f, s } = textOf(files, r);
    const at = s.indexOf('<', r.int(Math.max(1, s.length - 1)) + 0);
    const i = s.indexOf(' ', Math.max(0, at));
    const big = ` data-x="${'A'.repeat(1 + r.int(8_000_000))}"`;
    return replace(files, f.name, i < 0 ? s + big : s.slice(0, i) + big + s.slice(i));
  },
  'deep nesting': (files, r) => {
    const { f, s } = textOf(files, r);
    const depth = 1000 + r.int(200_000);
    const i = s.indexOf('<body');
    const at = i < 0 ? r.int(s.length) : s.indexOf('>', i) + 1;
    const close = r.next() < 0.5 ? '</div>'.repeat(depth) : '';
    return replace(files, f.name, s.slice(0, at) + '<div>'.repeat(depth) + close + s.slice(at));
  },
  'wrong encoding': (files, r) => {
    const { f, s } = textOf(files, r);
    const pickEnc = r.int(4);
    if (pickEnc === 0) return replace(files, f.name, Buffer.from(s, 'utf16le'));
    if (pickEnc === 1) return replace(files, f.name, Buffer.from(`${s}é€`, 'latin1'));
    if (pickEnc === 2)
      return replace(
        files,
        f.name,
        Buffer.concat([Buffer.from(s.slice(0, 40)), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0]), Buffer.from(s.slice(40))]),
      );
    return replace(
      files,
      f.name,
      s
        .replace(/encoding="[^"]*"/, 'encoding="EBCDIC-US"')
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="shift_jis"?>'),
    );
  },
  'entity and doctype': (files, r) => {
    const { f, s } = textOf(files, r);
    const doctype = r.pick([
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
      '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.invalid/">]>',
    ]);
    return replace(files, f.name, s.replace(/(<\?xml[^>]*\?>)?/, `$1${doctype}`).replace('</body>', '&c;&e;</body>'));
  },
};
const KINDS = Object.keys(MUTATIONS);

interface Input {
  seedName: string;
  kinds: string[];
  bytes: Uint8Array;
}

const bases = await seeds();
console.log(`validate fuzz: seeds ${bases.map((b) => b.name).join(', ')}; work in ${work}`);
const totals = await fuzz<Input>({
  name: 'fuzz-validate',
  seed,
  count,
  totalMs,
  from,
  perInputMs: 5_000,
  maxRssMb: 600,
  outDir: resolve(process.env.FUZZ_OUT ?? join(tmpdir(), 'postbound-fuzz-kept')),
  make(r) {
    const base = r.pick(bases);
    let files: Files | Uint8Array = base.files;
    const kinds: string[] = [];
    // one mutation, sometimes two or three in a row
    for (let n = r.next() < 0.7 ? 1 : 2 + r.int(2); n > 0 && !(files instanceof Uint8Array); n--) {
      const kind = r.pick(KINDS);
      kinds.push(kind);
      files = MUTATIONS[kind]!(files, r);
    }
    const bytes = files instanceof Uint8Array ? files : r.next() < 0.5 ? zipRaw(files) : zip(dedupe(files));
    return { seedName: base.name, kinds, bytes };
  },
  describe: (input) => `${input.kinds.join(' + ')}: ${input.seedName}, ${input.bytes.length} bytes`,
  save: (input, dir) => writeFileSync(join(dir, 'input.epub'), input.bytes),
  async run(input) {
    const report = await validateEpub(input.bytes);
    if (typeof report.valid !== 'boolean') return 'no verdict';
    if (!report.valid && !report.messages.length) return 'invalid without a message';
    const shown = report.messages.map((m) => `${m.message}\n${m.hint ?? ''}`).join('\n');
    if (STACK.test(shown)) return `a stack trace in a message:\n${shown.slice(0, 2000)}`;
    if (report.messages.some((m) => !m.id || !m.message)) return 'a message without id or text';
    return undefined;
  },
});
rmSync(work, { recursive: true, force: true });
process.exit(totals.crashes + totals.hangs ? 1 : 0);

function dedupe(files: Files): Files {
  const seen = new Set<string>();
  return files.filter((f) => !seen.has(f.name) && seen.add(f.name));
}
