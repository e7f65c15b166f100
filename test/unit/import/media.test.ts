import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MediaOptions, MediaStore, safeName } from '../../../src/import/media.ts';
import { makeMedia, tempDir } from './media-fixture.ts';

describe('safe image names', () => {
  it('should neutralise .. and absolute paths and say so', () => {
    expect(safeName('../../evil.png')).toEqual({ name: 'evil.png', unsafe: true });
    expect(safeName('/etc/passwd')).toEqual({ name: 'etc-passwd.img', unsafe: true });
    expect(safeName('..\\..\\win.JPG')).toEqual({ name: 'win.jpg', unsafe: true });
    expect(safeName('2024/03/Été photo (1).jpg')).toEqual({ name: '2024-03-ete-photo-1-.jpg', unsafe: false });
    expect(safeName('...hidden..png').name).toBe('hidden.png');
  });
});

describe('MediaStore', () => {
  let media: string;
  let server: Server;
  let base: string;
  let png: Buffer;

  beforeAll(async () => {
    media = await makeMedia();
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    server = createServer((req, res) => {
      if (req.url === '/img/remote.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(png);
      } else if (req.url === '/img/slow.png') {
        // never answers: the timeout must end the download
      } else if (req.url === '/img/not-a-picture.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('<html>nope</html>');
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

  const store = (options: Partial<MediaOptions> = {}) => {
    const imagesDir = join(tempDir(), 'content', 'images');
    return {
      imagesDir,
      media: new MediaStore({
        mediaDir: media,
        fetch: false,
        fetchTimeoutMs: 500,
        imagesDir,
        dryRun: false,
        force: false,
        ...options,
      }),
    };
  };

  it('should find an upload by its path after wp-content/uploads and by the original of a resized copy', async () => {
    const { imagesDir, media: m } = store();
    const a = await m.resolve('https://b.test/wp-content/uploads/2024/03/dibber.png', undefined);
    expect(a).toEqual({ name: '2024-03-dibber.png' });
    const b = await m.resolve('/wp-content/uploads/2024/02/trays-640x427.jpg', 'https://b.test/post/');
    expect(b.name).toBe('2024-02-trays.jpg');
    expect(readFileSync(join(imagesDir, b.name as string))).toEqual(readFileSync(join(media, '2024/02/trays.jpg')));
  });

  it('should keep a WebP as it is: the build makes what each target needs from it', async () => {
    const { imagesDir, media: m } = store();
    const r = await m.resolve('https://b.test/wp-content/uploads/2024/04/frame.webp', undefined);
    expect(r).toEqual({ name: '2024-04-frame.webp' });
    expect(readFileSync(join(imagesDir, '2024-04-frame.webp'))).toEqual(readFileSync(join(media, '2024/04/frame.webp')));
  });

  it('should not download anything without --fetch', async () => {
    const { imagesDir, media: m } = store();
    const r = await m.resolve(`${base}/img/remote.png`, undefined);
    expect(r.missing).toMatch(/--fetch/);
    expect(existsSync(imagesDir)).toBe(false);
  });

  it('should download from a local server with --fetch', async () => {
    // a timeout that only a server that never answers reaches, even on a busy machine
    const { imagesDir, media: m } = store({ fetch: true, fetchTimeoutMs: 30_000 });
    const r = await m.resolve(`${base}/img/remote.png`, undefined);
    expect(r).toEqual({ name: 'remote.png', fetched: true });
    expect(readFileSync(join(imagesDir, 'remote.png'))).toEqual(png);
  });

  it('should give up on a server that does not answer, and on what is not a picture', async () => {
    const { imagesDir, media: m } = store({ fetch: true });
    const started = performance.now();
    expect((await m.resolve(`${base}/img/slow.png`, undefined)).missing).toMatch(/no answer within 0.5 s/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await m.resolve(`${base}/img/missing.png`, undefined)).missing).toBe('download failed: HTTP 404');
    expect((await m.resolve(`${base}/img/not-a-picture.png`, undefined)).missing).toMatch(/not a picture/);
    expect(existsSync(imagesDir) ? readdirSync(imagesDir) : []).toEqual([]);
  });

  it('should keep a hostile name inside content/images', async () => {
    const { imagesDir, media: m } = store({ fetch: true });
    const r = await m.resolve(`${base}/wp-content/uploads/..%2F..%2F..%2Fimg/remote.png`, undefined);
    expect(r.unsafeName).toBe('/wp-content/uploads/../../../img/remote.png');
    // the server has no such path, and nothing was written outside the folder
    expect(r.name).toBeUndefined();
    const local = await store().media.resolve('../../2024/03/dibber.png', undefined);
    expect(local).toEqual({ unsafeName: '../../2024/03/dibber.png', name: 'dibber.png' });
    expect(existsSync(join(imagesDir, '..', '..', 'dibber.png'))).toBe(false);
  });
});

describe('inline images', () => {
  it('should store a pasted data: PNG under a name made from its content', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const imagesDir = join(tempDir(), 'content', 'images');
    const m = new MediaStore({ fetch: false, fetchTimeoutMs: 500, imagesDir, dryRun: false, force: false });
    const r = await m.resolve(`data:image/png;base64,${png.toString('base64')}`, undefined);
    expect(r.name).toMatch(/^inline-[0-9a-f]{12}\.png$/);
    expect(readFileSync(join(imagesDir, r.name as string))).toEqual(png);
    expect((await m.resolve('data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=', undefined)).missing).toMatch(/does not store/);
  });
});
