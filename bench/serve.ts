// The writing loop's speed: from saving a one-post change to the reloaded page,
// as a writer sees it. A post is open in headless Chromium; the clock starts when
// the file is written and stops at the `load` event of the page the dev server
// told the browser to reload. Run by hand:
//   node --import tsx bench/serve.ts [sample|blog] [--posts 1000] [--runs 5]
// Goals: ≤ 200 ms on the sample, ≤ 500 ms on a 1000-post blog.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';
import { BROWSER_ARGS, resolveBrowser } from '../src/browser/browser.ts';
import type { Rebuild } from '../src/serve/dev-site.ts';
import { serve } from '../src/serve/index.ts';
import { generateBlog } from './gen-blog.ts';
import { machine, median } from './lib/measure.ts';

const REPO = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { posts: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } },
});
const RUNS = Number(values.runs);
const want = (name: string) => positionals.length === 0 || positionals.includes(name);

interface Row {
  label: string;
  goalMs: number;
  firstBuildMs: number;
  /** Write → page loaded again. */
  reload: number[];
  /** Write → rebuild finished (server side: debounce, load, render). */
  rebuilt: number[];
  /** The rebuild alone, as the dev server timed it, and its two stages. */
  rebuildMs: number[];
  loadMs: number[];
  renderMs: number[];
  /** CPU time of this process from the write to the reloaded page (less sensitive to a busy machine than wall time). */
  cpuMs: number[];
  pages: number;
  posts: number;
}

async function measureProject(label: string, root: string, goalMs: number): Promise<Row> {
  const t0 = performance.now();
  const handle = await serve({ root, port: 0, log: () => {} });
  const firstBuildMs = performance.now() - t0;
  if (!handle.initial.ok) throw new Error(`${label}: the first build failed`);
  const site = handle.dev.site!;
  // A post in the middle, in a series when there is one: the most pages to re-render.
  const post = site.posts.find((p) => p.series) ?? site.posts[0];
  const file = join(root, post.rel);
  const original = readFileSync(file, 'utf8');
  const profile = mkdtempSync(join(tmpdir(), 'postbound-bench-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: resolveBrowser(),
    args: [...BROWSER_ARGS, `--user-data-dir=${profile}`],
    headless: true,
  });
  const row: Row = {
    label,
    goalMs,
    firstBuildMs,
    reload: [],
    rebuilt: [],
    rebuildMs: [],
    loadMs: [],
    renderMs: [],
    cpuMs: [],
    pages: 0,
    posts: site.posts.length,
  };
  try {
    const page = await browser.newPage();
    await page.goto(`${handle.url}posts/${post.slug}/`, { waitUntil: 'load' });
    // one warm-up edit: the first rebuild pays for code that is loaded lazily
    for (let i = -1; i < RUNS; i++) {
      while (handle.server.clients === 0) await new Promise((ok) => setTimeout(ok, 20));
      const marker = `Edited for the benchmark, run ${i + 1} of ${RUNS}.`;
      const rebuilt = new Promise<[number, Rebuild]>((ok) =>
        handle.events.once('rebuild', (r: Rebuild) => ok([performance.now(), r])),
      );
      const loaded = page.waitForNavigation({ waitUntil: 'load', timeout: 30_000 });
      const cpu = process.cpuUsage();
      const start = performance.now();
      writeFileSync(file, original.replace(/\n---\n/, `\n---\n\n${marker}\n`));
      await loaded;
      const end = performance.now();
      const used = process.cpuUsage(cpu);
      const [at, result] = await rebuilt;
      if (!result.ok) throw new Error(`${label}: a rebuild failed`);
      if (!(await page.evaluate(() => document.body.innerText)).includes(marker))
        throw new Error(`${label}: the reloaded page lacks the edit`);
      if (i < 0) continue;
      row.reload.push(end - start);
      row.rebuilt.push(at - start);
      row.rebuildMs.push(result.ms);
      row.loadMs.push(result.stages.load);
      row.renderMs.push(result.stages.render);
      row.cpuMs.push((used.user + used.system) / 1000);
      row.pages = result.written;
    }
  } finally {
    writeFileSync(file, original);
    await browser.close();
    await handle.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return row;
}

function print(rows: Row[]): void {
  const ms = (x: number) => `${Math.round(x)} ms`;
  const lines = [
    `\npostbound serve: one-post change to reloaded page, median of ${RUNS} (${machine()}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`,
    '| project | posts | first build | save → page loaded | runs | save → rebuilt | rebuild (load + render) | server CPU | files written | goal |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const m = median(r.reload);
    lines.push(
      `| ${r.label} | ${r.posts} | ${ms(r.firstBuildMs)} | ${ms(m)} | ${r.reload.map((x) => Math.round(x)).join(', ')} | ${ms(median(r.rebuilt))} | ${ms(median(r.rebuildMs))} (${ms(median(r.loadMs))} + ${ms(median(r.renderMs))}) | ${ms(median(r.cpuMs))} | ${r.pages} | ≤ ${r.goalMs} ms ${m <= r.goalMs ? 'met' : 'MISSED'} |`,
    );
  }
  console.log(lines.join('\n'));
}

const rows: Row[] = [];
if (want('sample')) {
  const root = mkdtempSync(join(tmpdir(), 'postbound-bench-serve-'));
  cpSync(join(REPO, 'postbound.yaml'), join(root, 'postbound.yaml'));
  cpSync(join(REPO, 'content'), join(root, 'content'), { recursive: true });
  rows.push(await measureProject('sample', root, 200));
  rmSync(root, { recursive: true, force: true });
}
if (want('blog')) {
  const n = Number(values.posts);
  const root = mkdtempSync(join(tmpdir(), 'postbound-bench-serve-blog-'));
  await generateBlog({ posts: n, dir: root });
  rows.push(await measureProject('generated blog', root, 500));
  rmSync(root, { recursive: true, force: true });
}
print(rows);
