// Screenshot of a page of a built site, for looking at it: `npx tsx scripts/screenshot.ts dist/site /posts/x/ out.png [width] [light|dark]`.
import puppeteer from 'puppeteer-core';
import { BROWSER_ARGS, resolveBrowser } from '../src/browser/browser.ts';
import { serveDir } from '../test/helpers/serve.ts';

const [dir, path, out, width, scheme] = process.argv.slice(2);
const s = await serveDir(dir);
const b = await puppeteer.launch({ executablePath: resolveBrowser(), args: BROWSER_ARGS });
const p = await b.newPage();
await p.setViewport({ width: Number(width ?? 1100), height: 900 });
if (scheme) await p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
await p.goto(s.url + path, { waitUntil: 'networkidle0' });
await p.screenshot({ path: out, fullPage: false });
await b.close();
await s.close();
