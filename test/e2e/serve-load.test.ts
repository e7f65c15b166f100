// The dev server under load, on loopback: 50 live-reload clients connected while
// rounds of 200 concurrent page requests run, then edits while they stay
// connected (each client must be told to reload after each edit), then every
// client leaves: the server must hold no more open files than before.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type ClientRequest, get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServeHandle, serve } from '../../src/serve/index.ts';
import { waitFor } from '../helpers/faults.ts';
import { makeProject } from '../helpers/project.ts';

const openFiles = () => readdirSync('/proc/self/fd').length;
let handle: ServeHandle | undefined;
let root: string | undefined;
afterAll(async () => {
  await handle?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Client {
  request: ClientRequest;
  reloads: number;
  connected: Promise<void>;
}

/** A live-reload client on its own socket, counting the reload events it is sent. */
function connect(port: number): Client {
  const client = { reloads: 0 } as Client;
  client.connected = new Promise((ok, fail) => {
    client.request = get({ host: '127.0.0.1', port, path: '/__postbound/events', agent: false }, (res: IncomingMessage) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (chunk.includes('retry:')) ok();
        client.reloads += chunk.split('event: reload').length - 1;
      });
      res.on('error', () => undefined);
    });
    client.request.on('error', fail);
  });
  return client;
}

describe('serve under load', () => {
  it('should answer 200 concurrent requests beside 50 live-reload clients, reload each after every edit, and free every socket', async () => {
    root = await makeProject();
    handle = await serve({ root, port: 0, log: () => {}, debounceMs: 50 });
    expect(handle.initial.ok).toBe(true);
    const pages = ['', 'posts/first/', 'posts/second/', 'posts/intro/', 'feed.xml', 'no-such-page/'];
    const fetchAll = async (n: number) =>
      Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const path = pages[i % pages.length]!;
          const res = await fetch(`${handle!.url}${path}`);
          const body = await res.text();
          return {
            path,
            status: res.status,
            ok: path === 'no-such-page/' ? res.status === 404 : res.status === 200 && body.length > 100,
          };
        }),
      );
    // warm: the first request of each page renders it
    await fetchAll(pages.length);
    const before = openFiles();

    const clients = Array.from({ length: 50 }, () => connect(handle!.port));
    await Promise.all(clients.map((c) => c.connected));
    for (let round = 0; round < 5; round++) {
      const answers = await fetchAll(200);
      expect(answers.filter((a) => !a.ok)).toEqual([]);
    }

    const post = join(root, 'content', 'posts', '2025-01-03-second.md');
    const text = readFileSync(post, 'utf8');
    for (let edit = 1; edit <= 3; edit++) {
      writeFileSync(post, `${text}\nEdit number ${edit}.\n`);
      // every client is told, and pages keep answering meanwhile
      const told = await waitFor(() => clients.every((c) => c.reloads >= edit), 60_000);
      expect({ edit, behind: clients.filter((c) => c.reloads < edit).length, told }).toEqual({ edit, behind: 0, told: true });
      expect((await fetchAll(20)).filter((a) => !a.ok)).toEqual([]);
      const page = await (await fetch(`${handle.url}posts/second/`)).text();
      expect(page).toContain(`Edit number ${edit}.`);
    }
    expect(clients.map((c) => c.reloads)).toEqual(clients.map(() => 3));

    const during = openFiles();
    for (const c of clients) c.request.destroy();
    // fetch's keep-alive sockets close after their idle time; the event streams when the clients go
    const freed = await waitFor(() => openFiles() <= before + 2, 15_000);
    console.log(
      `open files: ${before} before, ${during} with 50 clients, ${openFiles()} after they left; heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`,
    );
    expect({ freed, after: openFiles() <= before + 2 }).toEqual({ freed: true, after: true });
  });
});
