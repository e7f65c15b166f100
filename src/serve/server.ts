// The dev server's HTTP side: the built site from one folder, nothing outside it,
// plus a Server-Sent Events stream that tells open pages to reload or to show a
// build error. Bound to 127.0.0.1 only: it is a writing tool, not a web server.
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { CLIENT_JS, EVENTS_PATH, SCRIPT_PATH } from './client.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
  '.mobi': 'application/x-mobipocket-ebook',
  '.azw3': 'application/vnd.amazon.ebook',
  '.zip': 'application/zip',
};

/** One message a build sent to open pages. */
export interface ServerEvent {
  event: 'reload' | 'problem' | 'ok';
  data: unknown;
}

export interface DevServer {
  url: string;
  port: number;
  /** Sends an event to every open page; a `problem` is also sent to pages that open later, until the next `ok` or `reload`. */
  send(event: ServerEvent): void;
  /** Pages listening to the event stream now. */
  readonly clients: number;
  close(): Promise<void>;
}

export type Resolved = { status: 200; file: string } | { status: 301; location: string } | { status: 400 | 403 | 404 };

/**
 * Maps a request target (as sent, before any normalising) to a file under
 * `dir`. `..` segments are refused before and after percent-decoding, and a
 * file that resolves through a symlink to outside `dir` is refused too.
 */
export async function resolveRequest(dir: string, target: string, base = '/'): Promise<Resolved> {
  const rawPath = target.split(/[?#]/, 1)[0];
  if (!rawPath.startsWith('/')) return { status: 400 };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { status: 400 };
  const segments = [rawPath, path].flatMap((p) => p.split('/'));
  if (segments.some((s) => s === '..' || s.toLowerCase() === '%2e%2e')) return { status: 403 };
  if (!path.startsWith(base))
    return path === '/' || path === base.slice(0, -1) ? { status: 301, location: base } : { status: 404 };
  const inside = path.slice(base.length);
  if (inside.split('/').some((s) => s.startsWith('.') && s !== '')) return { status: 404 };
  let file = join(dir, inside);
  if (!isInsideOrSame(dir, file)) return { status: 403 };
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!rawPath.endsWith('/')) return { status: 301, location: `${rawPath}/` };
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return { status: 404 };
  const [real, realDir] = await Promise.all([realpath(file), realpath(dir)]);
  if (!isInsideOrSame(realDir, real)) return { status: 403 };
  return { status: 200, file: real };
}

function isInsideOrSame(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Puts the reload script into an HTML page, before </body> when there is one. */
export function injectScript(html: string): string {
  const tag = `<script src="${SCRIPT_PATH}" defer></script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + tag : `${html.slice(0, at)}${tag}\n${html.slice(at)}`;
}

export interface ServeDirOptions {
  /** Folder whose files are served (dist/site). */
  dir: string;
  /** Path the site lives under (from site.url), e.g. "/" or "/blog/". */
  base?: string;
  /** First port to try; the next ones are tried while taken. 0 picks any free port. */
  port?: number;
  host?: string;
}

export async function startServer(options: ServeDirOptions): Promise<DevServer> {
  const { dir } = options;
  const base = options.base ?? '/';
  const clients = new Set<ServerResponse>();
  let problem: ServerEvent | undefined;
  let nextId = 0;
  const write = (res: ServerResponse, e: ServerEvent) =>
    res.write(`id: ${++nextId}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (target === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 500\n\n');
      clients.add(res);
      if (problem) write(res, problem);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (target === SCRIPT_PATH) {
      res
        .writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' })
        .end(req.method === 'HEAD' ? undefined : CLIENT_JS);
      return;
    }
    const found = await resolveRequest(dir, target, base);
    if (found.status === 301) {
      res.writeHead(301, { location: found.location }).end();
      return;
    }
    if (found.status !== 200) {
      // The site's own 404 page, with the script, so a page that failed to build still reports.
      const page = found.status === 404 ? await readFile(join(dir, '404.html'), 'utf8').catch(() => undefined) : undefined;
      const body = page
        ? injectScript(page)
        : injectScript(`<!doctype html><title>${found.status}</title><p>${found.status}</p>`);
      res
        .writeHead(found.status, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' })
        .end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const type = TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream';
    // Image variants are named by content hash: a reload need not fetch them again.
    const immutable = /\/images\/[^/]+-[0-9a-f]{8}\.\w+$/.test(found.file);
    const headers = {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      'x-content-type-options': 'nosniff',
    };
    if (type.startsWith('text/html')) {
      const html = injectScript(await readFile(found.file, 'utf8'));
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else
      createReadStream(found.file)
        .on('error', () => res.destroy())
        .pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 4000);
  // SSE streams are long-lived; a comment now and then keeps proxies and idle timers quiet.
  const ping = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, 15_000);
  ping.unref();

  return {
    url: `http://${host}:${port}${base}`,
    port,
    get clients() {
      return clients.size;
    },
    send(e) {
      problem = e.event === 'problem' ? e : undefined;
      for (const res of clients) write(res, e);
    },
    close() {
      clearInterval(ping);
      for (const res of clients) res.end();
      clients.clear();
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
}

/** Listens on `port`, or on the next free one when it is taken (up to 20 further). */
async function listen(server: Server, host: string, port: number): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const tried = port === 0 ? 0 : port + attempt;
    try {
      await new Promise<void>((ok, fail) => {
        server.once('error', fail);
        server.listen(tried, host, () => {
          server.off('error', fail);
          ok();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0 || attempt >= 20) throw error;
    }
  }
}
