// `import` on WXR, RSS and Atom files mutated from the test fixtures (cut, bytes
// flipped, items duplicated or nested, elements renamed, invalid UTF-8, entity
// tricks, script smuggled into every field), then the known list of XSS vectors
// in one export, imported and built: every run must end with a report (never a
// stack trace), and no script, event handler or dangerous URL may reach a post
// written or a page of the built site.
// Run: nice -n 10 node --import tsx bench/fuzz-import.ts [--seed 20] [--count 2000] [--minutes 30]
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { importFeed } from '../src/import/index.ts';
import { render } from '../src/markdown/render.ts';
import { buildProject } from '../src/pipeline/build.ts';
import { fuzz, fuzzArgs, type Random, STACK } from './lib/fuzz.ts';
import { dangersIn, XSS_VECTORS } from './lib/xss.ts';

const { seed, count, totalMs, from } = fuzzArgs({ count: 2_000, minutes: 30 });
const FIXTURES = resolve(import.meta.dirname, '..', 'test', 'fixtures', 'import');
const bases = ['blog.wxr.xml', 'feed.rss.xml', 'feed.atom.xml'].map((n) => ({
  name: n,
  text: readFileSync(join(FIXTURES, n), 'utf8'),
}));
const work = mkdtempSync(join(tmpdir(), 'postbound-fuzz-import-'));

type Mutation = (s: string, r: Random) => string | Buffer;
const at = (s: string, r: Random) => r.int(s.length + 1);
const entryTag = (s: string) => (s.includes('<entry') ? 'entry' : 'item');
const MUTATIONS: Record<string, Mutation> = {
  cut: (s, r) => s.slice(0, at(s, r)),
  'bytes flipped': (s, r) => {
    const b = Buffer.from(s);
    for (let n = 1 + r.int(12); n > 0; n--) b[r.int(b.length)] = r.int(256);
    return b;
  },
  'item duplicated': (s, r) => {
    const tag = entryTag(s);
    const items = [...s.matchAll(new RegExp(`<${tag}[\\s>][\\s\\S]*?</${tag}>`, 'g'))].map((m) => m[0]);
    if (!items.length) return `${s}<${tag}>`;
    const item = r.pick(items);
    return s.replace(item, item.repeat(2 + r.int(3)));
  },
  'item nested': (s, r) => {
    const tag = entryTag(s);
    const i = s.indexOf(`</${tag}>`);
    return i < 0 ? s : `${s.slice(0, i)}<${tag}><title>inner</title>${'<x>'.repeat(r.int(5000))}</${tag}>${s.slice(i)}`;
  },
  'element renamed': (s, r) => {
    const names = [...new Set([...s.matchAll(/<([a-zA-Z][\w:.-]*)/g)].map((m) => m[1]!))];
    const a = r.pick(names);
    return s.replaceAll(`<${a}`, `<${r.pick(names)}`);
  },
  'closing tag removed': (s, r) => {
    const closes = [...s.matchAll(/<\/[^>]+>/g)];
    if (!closes.length) return s.slice(0, -1);
    const m = r.pick(closes);
    return s.slice(0, m.index) + s.slice(m.index! + m[0].length);
  },
  'invalid utf-8': (s, r) => {
    const i = at(s, r);
    return Buffer.concat([
      Buffer.from(s.slice(0, i)),
      Buffer.from([r.pick([0xc3, 0xff, 0xed, 0xf4]), 0x28, 0xa0, 0x80]),
      Buffer.from(s.slice(i)),
    ]);
  },
  'entity trick': (s, r) => {
    const doctype = r.pick([
      '<!DOCTYPE rss [<!ENTITY a "xxxxxxxxxx"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
      '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE rss SYSTEM "http://example.invalid/rss.dtd">',
    ]);
    return s.replace(/(<\?xml[^>]*\?>)/, `$1${doctype}`).replace(/<title>/, '<title>&c;&x;');
  },
  'huge field': (s, r) => s.replace(/<title>/, `<title>${'W'.repeat(r.int(3_000_000))}`),
  'script in a field': (s, r) => {
    const vector = r.pick(XSS_VECTORS);
    const field = r.pick(['title', 'link', 'content', 'excerpt', 'category', 'creator', 'guid', 'attribute']);
    if (field === 'content')
      return s.replace(/(<content:encoded><!\[CDATA\[|<content[^>]*>)/, `$1${vector.replaceAll(']]>', '')}`);
    if (field === 'attribute')
      return s.replace(
        /<link href="/,
        `<link href="${escapeXml(r.pick(['javascript:alert(1)', 'data:text/html,x', ' JAVASCRIPT:x']))}`,
      );
    const tag = {
      title: 'title',
      link: 'link',
      excerpt: 'excerpt:encoded',
      category: 'category',
      creator: 'dc:creator',
      guid: 'guid',
    }[field]!;
    return s.replace(new RegExp(`<${tag}([^>]*)>`), `<${tag}$1>${escapeXml(vector)}`);
  },
};
const KINDS = Object.keys(MUTATIONS);
const escapeXml = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

interface Input {
  base: string;
  kinds: string[];
  bytes: Buffer;
}

/** Every text file under `dir`. */
function outputs(dir: string): { path: string; text: string }[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(md|html|xml|json|ya?ml)$/.test(e.name))
      .map((e) => ({ path: join(e.parentPath, e.name), text: readFileSync(join(e.parentPath, e.name), 'utf8') }));
  } catch {
    return [];
  }
}

/** What a post written by the import becomes, parsed as every target parses it, checked for script. */
async function postDangers(path: string, text: string): Promise<string[]> {
  if (!path.endsWith('.md')) return [];
  // the front matter blanked (its values are text, escaped by every template), the body parsed
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, (fm) => fm.replace(/[^\n]/g, ''));
  const stored = JSON.parse(await render({ path, cwd: work, value: body })) as { hast: Root };
  return dangersIn(stored.hast);
}

let n = 0;
const totals = await fuzz<Input>({
  name: 'fuzz-import',
  seed,
  count,
  totalMs,
  from,
  perInputMs: 10_000,
  maxRssMb: 600,
  outDir: resolve(process.env.FUZZ_OUT ?? join(tmpdir(), 'postbound-fuzz-kept')),
  make(r) {
    const base = r.pick(bases);
    let s: string | Buffer = base.text;
    const kinds: string[] = [];
    for (let k = r.next() < 0.6 ? 1 : 2 + r.int(2); k > 0; k--) {
      const kind = r.pick(KINDS);
      kinds.push(kind);
      s = MUTATIONS[kind]!(typeof s === 'string' ? s : s.toString('utf8'), r);
    }
    return { base: base.name, kinds, bytes: Buffer.isBuffer(s) ? s : Buffer.from(s) };
  },
  describe: (input) => `${input.kinds.join(' + ')}: ${input.base}, ${input.bytes.length} bytes`,
  save: (input, dir) => writeFileSync(join(dir, input.base), input.bytes),
  async run(input) {
    const dir = join(work, `p${n++}`);
    const file = join(work, `in-${n}.xml`);
    writeFileSync(file, input.bytes);
    try {
      const report = await importFeed({ file, dir });
      if (typeof report.ok !== 'boolean') return 'no verdict';
      const shown = report.file.messages.map((m) => `${m.reason}\n${m.note ?? ''}`).join('\n');
      if (STACK.test(shown)) return `a stack trace in a message:\n${shown.slice(0, 2000)}`;
      if (!report.ok && !report.file.messages.length) return 'failed without a message';
      for (const out of outputs(dir)) {
        const danger = await postDangers(out.path, out.text);
        if (danger.length) return `${danger.join(', ')} reached ${out.path}`;
      }
      return undefined;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
  },
});

// The vector list, each in a post of its own (in the body and the title), then built into a site
console.log(`\nXSS vectors: ${XSS_VECTORS.length}, one post each, imported then built`);
const items = XSS_VECTORS.map(
  (v, i) => `<item><title>${escapeXml(`Vector ${i} ${v}`)}</title><link>https://x.example/${i}/</link>
<pubDate>Mon, 0${1 + (i % 9)} Jan 2024 10:00:00 GMT</pubDate><guid>v${i}</guid>
<content:encoded><![CDATA[<p>Before.</p>${v.replaceAll(']]>', '')}<p>After.</p>]]></content:encoded></item>`,
);
const feed = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Vectors</title><link>https://x.example/</link>${items.join('\n')}</channel></rss>`;
const project = join(work, 'vectors');
writeFileSync(join(work, 'vectors.xml'), feed);
const report = await importFeed({ file: join(work, 'vectors.xml'), dir: project });
const leaks: string[] = [];
for (const out of outputs(join(project, 'content')))
  leaks.push(...(await postDangers(out.path, out.text)).map((d) => `${out.path}: ${d}`));
writeFileSync(
  join(project, 'postbound.yaml'),
  'site:\n  title: Vectors\n  author: Fuzz\n  url: https://x.example/\n  language: en\n',
);
const built = await buildProject({ root: project, only: ['site'] });
let pages = 0;
for (const out of outputs(join(project, 'dist', 'site')).filter((o) => o.path.endsWith('.html'))) {
  pages++;
  // the site's own scripts and styles are files of the site or its own inline code, never a post's;
  // its own form is the theme's search box, which sends to the site's archive
  const own = (node: { tagName: string; properties: Record<string, unknown>; children: unknown[] }) =>
    node.tagName === 'form'
      ? String(node.properties.className ?? '').includes('search-form') && String(node.properties.action ?? '').startsWith('/')
      : String(node.properties.src ?? '').startsWith('/') || !JSON.stringify(node.children).match(/alert|evil/);
  leaks.push(...dangersIn(fromHtml(out.text), own).map((d) => `${out.path}: ${d}`));
}
console.log(
  `  import: ${report.posts.length} posts written, ${report.removed.scripts} scripts, ${report.removed.handlers} handlers and ${report.removed.unsafeLinks} unsafe links removed`,
);
console.log(`  build: ${built.ok ? 'ok' : 'failed'}, ${pages} pages parsed; leaks: ${leaks.length}`);
for (const l of leaks.slice(0, 20)) console.log(`    ${l}`);
rmSync(work, { recursive: true, force: true });
process.exit(totals.crashes + totals.hangs + leaks.length ? 1 : 0);
