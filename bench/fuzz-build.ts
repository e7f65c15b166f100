// `build` on projects mutated from a small valid one: front matter and markdown
// cut, binary bytes and invalid UTF-8 in posts, images truncated or renamed,
// config keys with the wrong types, symlink loops, a post that links to itself,
// YAML bombs, deep nesting. Each build must end with positioned messages and a
// failure, or a valid build (its EPUB valid again from dist/, its MOBI, AZW3 and
// PDF readable: bench/lib/build-worker.ts); dist/ must then be the last good one
// or a complete new one. One project folder is used throughout, so its .cache/
// is shared (as a writer's is) and dist/ is checked against the last good build
// each time. The builds run in one long-lived worker process with one Chromium
// (a build of the small book takes 1 to 2 s, most of it printing the PDF and
// axe; starting Node, the modules and Chromium again for each would double it);
// a build over the time limit is a hang, and its worker is killed and replaced.
// Run: nice -n 10 node --import tsx bench/fuzz-build.ts [--seed 20] [--count 2000] [--minutes 40] [--only site,epub,mobi,pdf]  (every target when --only is not given)
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { TARGETS, type TargetName } from '../src/pipeline/build.ts';
import { fingerprint, isCompleteBuild } from '../test/helpers/faults.ts';
import { baseConfig, basePosts } from '../test/helpers/project.ts';
import { BuildWorker, lastSteps } from './lib/build-worker-process.ts';
import { fuzz, fuzzArgs, type Random } from './lib/fuzz.ts';

const { seed, count, totalMs, from } = fuzzArgs({ count: 2_000, minutes: 40 });
const onlyArg = process.argv.indexOf('--only');
const only = (onlyArg > 0 ? process.argv[onlyArg + 1]!.split(',') : [...TARGETS]) as TargetName[];
const work = mkdtempSync(join(tmpdir(), 'postbound-fuzz-build-'));
const root = join(work, 'project');
const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#e8e0d0' } })
  .png()
  .toBuffer();
const base: Record<string, string | Buffer> = { 'postbound.yaml': baseConfig, ...basePosts(), 'content/sketches/one.png': png };
const posts = Object.keys(base).filter((p) => p.endsWith('.md'));

type Files = Record<string, string | Buffer>;
type Mutation = (files: Files, r: Random, extra: string[]) => void;
const text = (f: Files, p: string) => (typeof f[p] === 'string' ? (f[p] as string) : (f[p]?.toString('utf8') ?? ''));
const anyPost = (r: Random, f: Files) => r.pick(posts.filter((p) => p in f).length ? posts.filter((p) => p in f) : posts);

const WRONG_VALUES = [
  '42',
  'true',
  '[]',
  '{}',
  '"',
  'null',
  '[1, [2, [3]]]',
  '{a: {b: {c: 1}}}',
  '-1',
  '1e309',
  '"2025-13-45"',
  "'\u0000'",
  '*x',
  '&x y',
];
const MUTATIONS: Record<string, Mutation> = {
  'front matter cut': (f, r) => {
    const p = anyPost(r, f);
    const s = text(f, p);
    f[p] = s.slice(0, 3 + r.int(s.indexOf('\n---', 3) + 2));
  },
  'markdown cut': (f, r) => {
    const p = anyPost(r, f);
    const s = text(f, p);
    const body = s.indexOf('\n---', 3) + 4;
    f[p] = s.slice(0, body + r.int(s.length - body + 1));
  },
  'binary bytes': (f, r) => {
    const p = anyPost(r, f);
    const b = Buffer.from(text(f, p));
    const noise = Buffer.from(Array.from({ length: 1 + r.int(400) }, () => r.int(256)));
    const at = r.int(b.length);
    f[p] = Buffer.concat([b.subarray(0, at), noise, b.subarray(at)]);
  },
  'invalid utf-8': (f, r) => {
    const p = anyPost(r, f);
    const b = Buffer.from(text(f, p));
    const at = r.int(b.length);
    f[p] = Buffer.concat([b.subarray(0, at), Buffer.from([r.pick([0xc3, 0xff, 0xed, 0xf0]), 0x28]), b.subarray(at)]);
  },
  'image truncated': (f, r) => {
    f['content/sketches/one.png'] = png.subarray(0, r.int(png.length));
  },
  'image renamed': (f, r) => {
    delete f['content/sketches/one.png'];
    f[`content/sketches/${r.pick(['one.PNG', 'one.png.bak', 'One.png', 'two.png'])}`] = png;
  },
  'image not an image': (f, r) => {
    f['content/sketches/one.png'] = r.pick([
      Buffer.from('<svg'),
      Buffer.from('GIF89a'),
      Buffer.alloc(0),
      Buffer.from(text(f, posts[0]!)),
    ]);
  },
  'config wrong type': (f, r) => {
    const s = text(f, 'postbound.yaml');
    const keys = [...s.matchAll(/^(\s*)([a-z]+):( .*)?$/gm)];
    const m = r.pick(keys);
    f['postbound.yaml'] = s.replace(m[0], `${m[1]}${m[2]}: ${r.pick(WRONG_VALUES)}`);
  },
  'config unknown key': (f, r) => {
    f['postbound.yaml'] =
      `${text(f, 'postbound.yaml')}${r.pick(['tittle: x\n', 'books:\n  - slug: 9\n', 'site:\n  title: twice\n', 'x: [\n'])}`;
  },
  'config cut': (f, r) => {
    const s = text(f, 'postbound.yaml');
    f['postbound.yaml'] = s.slice(0, r.int(s.length));
  },
  'symlink loop': (_f, r, extra) => extra.push(r.pick(['posts-loop', 'self-loop', 'pair-loop', 'sketch-loop'])),
  'links to itself': (f, r) => {
    const p = anyPost(r, f);
    const name = p.split('/').pop()!;
    f[p] =
      `${text(f, p)}\n\nSee [this very post](${name}) and [here](${name}#${r.pick(['go-on', 'nowhere', ''])}), [again](./${name}).\n`;
  },
  'post removed': (f, r) => {
    delete f[anyPost(r, f)];
  },
  'duplicate slug': (f, r) => {
    const p = anyPost(r, f);
    f[p.replace(/2025-01-0\d/, '2024-12-31')] = f[p]!;
  },
  'yaml bomb': (f, r) => {
    const p = anyPost(r, f);
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    f[p] = text(f, p).replace('---\n', r.next() < 0.5 ? `---\n${bomb}` : '---\ntitle: &t [*t]\n');
  },
  'deep nesting': (f, r) => {
    const p = anyPost(r, f);
    const depth = 500 + r.int(10_000);
    const nest = r.pick(['> ', '- ', '* [', '<div>', '  ']).repeat(depth);
    f[p] = `${text(f, p)}\n\n${nest}deep\n`;
  },
  'huge line': (f, r) => {
    const p = anyPost(r, f);
    f[p] = `${text(f, p)}\n\n${r.pick(['*', '_', '[', '`', '<', '|', 'a'])}`.repeat(1) + 'x'.repeat(r.int(300_000));
  },
};
const KINDS = Object.keys(MUTATIONS);

function write(files: Files, extra: string[]): void {
  rmSync(join(root, 'content'), { recursive: true, force: true });
  rmSync(join(root, 'postbound.yaml'), { force: true });
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), data);
  }
  mkdirSync(join(root, 'content', 'posts'), { recursive: true });
  for (const loop of new Set(extra)) {
    const at = (p: string) => join(root, 'content', p);
    if (loop === 'posts-loop') symlinkSync('..', at('posts/loop'));
    if (loop === 'self-loop') symlinkSync('self.md', at('posts/self.md'));
    if (loop === 'pair-loop') {
      symlinkSync('b.md', at('posts/a.md'));
      symlinkSync('a.md', at('posts/b.md'));
    }
    if (loop === 'sketch-loop' && existsSync(at('sketches'))) symlinkSync('.', at('sketches/loop'));
  }
}

interface Input {
  kinds: string[];
  files: Files;
  extra: string[];
}

// a first good build: the dist/ the failed ones must leave as it was
const worker = new BuildWorker();
mkdirSync(root, { recursive: true });
write(base, []);
await worker.warm();
const first = await worker.build({ root, only });
if (!first.ok || first.problem) throw new Error(`the base project does not build: ${first.problem ?? 'errors'}`);
const dist = join(root, 'dist');
let lastGood = fingerprint(dist);
let builtOk = 0;
let failed = 0;

const totals = await fuzz<Input>({
  name: 'fuzz-build',
  seed,
  count,
  totalMs,
  from,
  // FUZZ_INPUT_MS lowers the limit, to see the hang path work (a killed worker, dist/ checked)
  perInputMs: Number(process.env.FUZZ_INPUT_MS ?? 30_000),
  maxRssMb: 1500,
  outDir: resolve(process.env.FUZZ_OUT ?? join(tmpdir(), 'postbound-fuzz-kept')),
  make(r) {
    const files: Files = { ...base };
    const extra: string[] = [];
    const kinds: string[] = [];
    for (let k = r.next() < 0.6 ? 1 : 2 + r.int(2); k > 0; k--) {
      const kind = r.pick(KINDS);
      kinds.push(kind);
      MUTATIONS[kind]!(files, r, extra);
    }
    return { kinds, files, extra };
  },
  describe: (input) => `${input.kinds.join(' + ')}: ${Object.keys(input.files).length} files`,
  save(input, dir) {
    for (const [path, data] of Object.entries(input.files)) {
      mkdirSync(dirname(join(dir, 'project', path)), { recursive: true });
      writeFileSync(join(dir, 'project', path), data);
    }
    writeFileSync(join(dir, 'links.txt'), input.extra.join('\n'));
  },
  async run(input) {
    write(input.files, input.extra);
    const reply = await worker.build({ root, only });
    const complete = reply.ok && isCompleteBuild(dist);
    if (complete) lastGood = fingerprint(dist);
    if (reply.problem) return reply.problem;
    if (reply.ok) {
      if (!complete) return 'a build said ok, and dist/ is not complete';
      builtOk++;
      return undefined;
    }
    failed++;
    if (fingerprint(dist) !== lastGood) return 'a failed build changed dist/';
    return undefined;
  },
  describeHang: () =>
    `last steps: ${lastSteps(worker.steps) || 'none'}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  async afterHang() {
    await worker.kill();
    await worker.warm();
    // killed anywhere in the build, dist/ is still the last good one or a complete new one
    if (isCompleteBuild(dist)) lastGood = fingerprint(dist);
    else if (fingerprint(dist) !== lastGood) return 'the build killed after the time limit left dist/ changed and not complete';
    return undefined;
  },
  memory: () => worker.last,
});
console.log(`  builds ok ${builtOk}, failed with messages ${failed} (targets ${only.join(',')})`);
if (only.some((t) => t !== 'site'))
  console.log(`  Chromium (its processes' summed Pss) at its highest seen after a build: ${worker.chromiumPeakMb} MB`);
await worker.close();
rmSync(work, { recursive: true, force: true });
process.exit(totals.crashes + totals.hangs ? 1 : 0);
