// Imports each fixture into a fresh project, then loads and builds it with the
// real loader and site target (and the EPUB target with EPUBCheck once it exists).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { reporter } from 'vfile-reporter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadSite } from '../../src/content/load.ts';
import { FIXTURES, makeMedia, tempDir } from '../unit/import/media-fixture.ts';

const EPUB_TARGET = existsSync(join(import.meta.dirname, '..', '..', 'src', 'epub', 'index.ts'));

function project(config: string): string {
  const dir = tempDir('postbound-import-e2e-');
  writeFileSync(join(dir, 'postbound.yaml'), config);
  return dir;
}

function quiet() {
  let text = '';
  const stream = {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { io: { stdout: stream, stderr: stream }, text: () => text };
}

async function importAndLoad(args: string[], dir: string) {
  const out = quiet();
  expect(await main(['import', ...args, dir], out.io), out.text()).toBe(0);
  const loaded = await loadSite(dir);
  expect(loaded.ok, reporter(loaded.files, { quiet: true })).toBe(true);
  return { loaded, output: out.text() };
}

async function buildSite(dir: string): Promise<string> {
  const out = quiet();
  expect(await main(['build', dir, '--only', 'site'], out.io), out.text()).toBe(0);
  return out.text();
}

const siteConfig = (title: string) => `site:\n  title: ${title}\n  author: Test Writer\n  url: https://import.example.org/\n`;

describe('postbound import, then build', () => {
  it('should import the WordPress export into a project that loads and builds', async () => {
    const dir = project(
      `${siteConfig('Potting Shed')}books:\n  - slug: seed-year\n    title: A Year of Seeds\n    series: a-year-of-seeds\n`,
    );
    const media = await makeMedia();
    const { loaded } = await importAndLoad([join(FIXTURES, 'blog.wxr.xml'), '--media', media], dir);
    const site = loaded.site!;
    expect(site.posts.map((p) => p.slug).sort()).toEqual([
      'pricking-out',
      'slugs-ate-the-lettuce-again-copper-tape-did',
      'sowing-in-the-cold',
      'tomatoes-in-bags',
    ]);
    expect(site.series.map((s) => [s.slug, s.posts.map((p) => `${p.part}:${p.slug}`)])).toEqual([
      ['a-year-of-seeds', ['1:sowing-in-the-cold', '2:pricking-out', '3:tomatoes-in-bags']],
    ]);
    expect(site.assets.size).toBe(3);
    await buildSite(dir);
    const html = readFileSync(join(dir, 'dist/site/posts/sowing-in-the-cold/index.html'), 'utf8');
    expect(html).toMatch(
      /<figure>[\s\S]*alt="Seed trays on a windowsill"[\s\S]*<figcaption>Trays on the kitchen sill, week one<\/figcaption><\/figure>/,
    );
    expect(html).toMatch(/href="[^"]*pricking-out[^"]*"/);
    const pricking = readFileSync(join(dir, 'dist/site/posts/pricking-out/index.html'), 'utf8');
    expect(pricking).toMatch(/<table>[\s\S]*<td>24<\/td>/);
    // the draft is not published
    expect(existsSync(join(dir, 'dist/site/posts/hardening-off'))).toBe(false);
  });

  it('should import the RSS 2.0 feed into a project that loads and builds', async () => {
    const dir = project(siteConfig('Bench Notes'));
    const { loaded, output } = await importAndLoad([join(FIXTURES, 'feed.rss.xml')], dir);
    expect(loaded.site!.posts).toHaveLength(3);
    expect(output).toMatch(/"When was this\?": no usable date/);
    await buildSite(dir);
    const html = readFileSync(join(dir, 'dist/site/posts/end-grain-is-the-test/index.html'), 'utf8');
    expect(html).toMatch(/<strong>shiny<\/strong>/);
    expect(html).toMatch(/href="[^"]*sharpening-a-chisel-in-ten-minutes[^"]*"/);
  });

  it('should import the Atom feed into a project that loads and builds', async () => {
    const dir = project(siteConfig('Field Recordings'));
    const { loaded } = await importAndLoad([join(FIXTURES, 'feed.atom.xml')], dir);
    expect(loaded.site!.posts.map((p) => p.title).sort()).toEqual([
      'Dawn chorus, recorded from the car with the…',
      'Hydrophones on a budget',
      'Plain words',
      'Wind & wires',
    ]);
    await buildSite(dir);
    const plain = readFileSync(join(dir, 'dist/site/posts/plain-words/index.html'), 'utf8');
    // the text construct's "<tag>" stays text, escaped by the HTML serialiser
    expect(plain).toContain('plain text with a &#x3C;tag> that is not markup &#x26; stays text.');
  });

  it('should import the hostile feed into a project that builds with nothing unsafe in it', async () => {
    const dir = project(siteConfig('Not Nice'));
    const { output } = await importAndLoad([join(FIXTURES, 'hostile.rss.xml')], dir);
    expect(output).toMatch(/Removed: 2 scripts, 3 event handlers, 4 javascript:\/data: links, 1 embeds/);
    expect(output).toMatch(/tried to leave its folder/);
    await buildSite(dir);
    const html = readFileSync(join(dir, 'dist/site/posts/click-me/index.html'), 'utf8');
    const body = html.slice(html.indexOf('<main'));
    expect(body).not.toMatch(/<script|javascript:|onclick|onerror|onmouseover/i);
  });

  describe('with --fetch from a server on 127.0.0.1', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#884422' } })
        .jpeg()
        .toBuffer();
      server = createServer((req, res) => {
        if (req.url === '/wp-content/uploads/2024/01/kiln.jpg') {
          res.writeHead(200, { 'content-type': 'image/jpeg' });
          res.end(jpeg);
        } else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    });

    it('should download the images, store them locally and build', async () => {
      const feedDir = tempDir();
      const feed = join(feedDir, 'kiln.xml');
      writeFileSync(
        feed,
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Kiln</title><link>${base}/</link>
<item><title>First firing</title><link>${base}/first-firing/</link><pubDate>Mon, 08 Jan 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Cone 6, slowly.</p><p><img src="${base}/wp-content/uploads/2024/01/kiln.jpg" alt="The kiln, open"></p><p><img src="${base}/gone.png" alt="Gone"></p>]]></description></item>
</channel></rss>`,
      );
      const dir = project(siteConfig('Kiln'));
      const { output } = await importAndLoad([feed, '--fetch'], dir);
      expect(output).toMatch(/Images: 0 copied, 1 downloaded, 0 converted, 1 missing/);
      expect(output).toMatch(/gone.png \(download failed: HTTP 404\)/);
      expect(readdirSync(join(dir, 'content/images'))).toEqual(['2024-01-kiln.jpg']);
      const post = readFileSync(join(dir, 'content/posts/2024-01-08-first-firing.md'), 'utf8');
      expect(post).toContain('![The kiln, open](../images/2024-01-kiln.jpg)');
      await buildSite(dir);
    });
  });

  it.skipIf(!EPUB_TARGET)(
    'should build an EPUB of the imported series that passes EPUBCheck (needs src/epub/index.ts)',
    async () => {
      const dir = project(
        `${siteConfig('Potting Shed')}books:\n  - slug: seed-year\n    title: A Year of Seeds\n    series: a-year-of-seeds\n`,
      );
      await importAndLoad([join(FIXTURES, 'blog.wxr.xml'), '--media', await makeMedia()], dir);
      const out = quiet();
      expect(await main(['build', dir, '--only', 'epub'], out.io), out.text()).toBe(0);
      const epub = join(dir, 'dist/book/seed-year.epub');
      let result = '';
      try {
        result = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', epub], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string };
        result = `${e.stdout ?? ''}${e.stderr ?? ''}`;
      }
      expect(result).toMatch(/No errors or warnings detected|0 fatals \/ 0 errors/);
      expect(result).not.toMatch(/^ERROR/m);
    },
  );
});
