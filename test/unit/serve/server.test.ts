// The dev server's file mapping, script injection, ports and event stream.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../../src/serve/client.ts';
import { injectScript, resolveRequest, startServer } from '../../../src/serve/server.ts';

let top: string;
let dir: string;

beforeAll(() => {
  top = mkdtempSync(join(tmpdir(), 'postbound-serve-unit-'));
  dir = join(top, 'site');
  mkdirSync(join(dir, 'posts', 'a'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><body><p>home</p></body>');
  writeFileSync(join(dir, 'posts', 'a', 'index.html'), '<p>a</p>');
  writeFileSync(join(dir, '404.html'), '<body>not here</body>');
  writeFileSync(join(dir, '.secret'), 'x');
  writeFileSync(join(top, 'secret.yaml'), 'site: secret');
  symlinkSync(join(top, 'secret.yaml'), join(dir, 'out.yaml'));
  symlinkSync(join(dir, 'posts', 'a', 'index.html'), join(dir, 'in.html'));
});

afterAll(() => rmSync(top, { recursive: true, force: true }));

describe('resolveRequest', () => {
  it('should map pages and folders to files', async () => {
    expect(await resolveRequest(dir, '/')).toEqual({ status: 200, file: join(dir, 'index.html') });
    expect(await resolveRequest(dir, '/posts/a/?x=1')).toEqual({ status: 200, file: join(dir, 'posts', 'a', 'index.html') });
    expect(await resolveRequest(dir, '/posts/a')).toEqual({ status: 301, location: '/posts/a/' });
    expect(await resolveRequest(dir, '/in.html')).toEqual({ status: 200, file: join(dir, 'posts', 'a', 'index.html') });
    expect((await resolveRequest(dir, '/nope')).status).toBe(404);
  });

  it('should refuse dot-dot in every spelling, hidden files and symlinks out', async () => {
    for (const target of [
      '/../secret.yaml',
      '/%2e%2e/secret.yaml',
      '/%2E./secret.yaml',
      '/posts/..%2F..%2Fsecret.yaml',
      '/%252e%252e/secret.yaml',
    ]) {
      expect((await resolveRequest(dir, target)).status, target).toBe(403);
    }
    expect((await resolveRequest(dir, '/%zz')).status).toBe(400);
    expect((await resolveRequest(dir, '/a%00b')).status).toBe(400);
    expect((await resolveRequest(dir, '/..\\secret.yaml')).status).toBe(400);
    expect((await resolveRequest(dir, '/.secret')).status).toBe(404);
    expect((await resolveRequest(dir, '/out.yaml')).status).toBe(403);
  });

  it('should serve a site that lives under a path', async () => {
    expect(await resolveRequest(dir, '/blog/posts/a/', '/blog/')).toEqual({
      status: 200,
      file: join(dir, 'posts', 'a', 'index.html'),
    });
    expect(await resolveRequest(dir, '/', '/blog/')).toEqual({ status: 301, location: '/blog/' });
    expect((await resolveRequest(dir, '/posts/a/', '/blog/')).status).toBe(404);
  });
});

describe('injectScript', () => {
  it('should put the script before </body>, or at the end without one', () => {
    expect(injectScript('<body><p>x</p></body></html>')).toBe(
      '<body><p>x</p><script src="/__postbound/client.js" defer></script>\n</body></html>',
    );
    expect(injectScript('<p>x</p>')).toBe('<p>x</p><script src="/__postbound/client.js" defer></script>');
  });
});

describe('startServer', () => {
  it('should take the next port when the one asked for is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const taken = (blocker.address() as { port: number }).port;
    const server = await startServer({ dir, port: taken });
    try {
      expect(server.port).toBeGreaterThan(taken);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      const home = await fetch(server.url);
      expect(await home.text()).toContain('<script src="/__postbound/client.js" defer></script>');
      const missing = await fetch(`${server.url}nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('not here');
    } finally {
      await server.close();
      await new Promise((ok) => blocker.close(ok));
    }
  });

  it('should stream events, and give a page that opens during an error the error at once', async () => {
    const server = await startServer({ dir, port: 0 });
    try {
      server.send({
        event: 'problem',
        data: { report: 'r', messages: [{ file: 'content/posts/x.md', line: 3, reason: 'bad' }] },
      });
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${server.port}${EVENTS_PATH}`, { signal: controller.signal });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('x.md')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toMatch(/event: problem\ndata: \{.*"line":3/);
      expect(server.clients).toBe(1);
      server.send({ event: 'reload', data: { pages: ['/'] } });
      while (!text.includes('reload')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('data: {"pages":["/"]}');
      controller.abort();
    } finally {
      await server.close();
    }
  });
});
