// The dev server under load, on loopback: 50 live-reload clients connected while
// rounds of 200 concurrent page requests run, then edits while they stay
// connected (each client must be told to reload after each edit), then every
// client leaves: the server must then hold nothing of them: no more open files,
// sockets, connections, timers or listeners than before, and after a forced
// garbage collection none of their responses or sockets left in memory.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type ClientRequest, get, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENTS_PATH } from '../../src/serve/client.ts';
import { type ServeHandle, serve } from '../../src/serve/index.ts';
import { waitFor } from '../helpers/faults.ts';
import { makeProject } from '../helpers/project.ts';

const openFiles = () => readdirSync('/proc/self/fd').length;
let handle: ServeHandle | undefined;
let root: string | undefined;

// the server side of every event stream, seen as each request starts (Node's
// http.server.request.start channel), held weakly: a test that kept them could not see them go
interface Stream {
  response: WeakRef<object>;
  socket: WeakRef<object>;
}
const streams: Stream[] = [];
let httpServer: Server | undefined;
const onRequest = (message: unknown) => {
  const { request, response, socket, server } = message as {
    request: IncomingMessage;
    response: object;
    socket: object;
    server: Server;
  };
  httpServer = server;
  if (request.url === EVENTS_PATH) streams.push({ response: new WeakRef(response), socket: new WeakRef(socket) });
};
subscribe('http.server.request.start', onRequest);
afterAll(async () => {
  unsubscribe('http.server.request.start', onRequest);
  await handle?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap in use after a full collection, in MB (WeakRefs emptied: a turn of the event loop between two collections). */
async function collectedHeapMb(): Promise<number> {
  gc();
  await new Promise((ok) => setImmediate(ok));
  gc();
  return Math.round(process.memoryUsage().heapUsed / 1e5) / 10;
}

/** Handles this process holds open (process.getActiveResourcesInfo), by kind: TCPSocketWrap, Timeout… */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const connections = (server: Server) => new Promise<number>((ok, fail) => server.getConnections((e, n) => (e ? fail(e) : ok(n))));
const listeners = (server: Server) =>
  Object.fromEntries(server.eventNames().map((name) => [String(name), server.listenerCount(name)]));

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
    const server = httpServer!;
    const listenersBefore = listeners(server);
    const resourcesBefore = resources();

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
    const resourcesDuring = resources();
    const heapDuring = await collectedHeapMb();
    expect(streams.length).toBe(50);
    expect(handle.server.clients).toBe(50);
    for (const c of clients) c.request.destroy();
    clients.length = 0;
    // fetch's keep-alive sockets close after their idle time; the event streams when the clients go
    const freed = await waitFor(() => openFiles() <= before + 2, 15_000);
    // every connection gone, fetch's too: then no socket of this process is open but the server's own
    for (let i = 0; i < 300 && (await connections(server)) > 0; i++) await new Promise((ok) => setTimeout(ok, 50));
    const heapAfter = await collectedHeapMb();
    const resourcesAfter = resources();
    console.log(
      `open files: ${before} before, ${during} with 50 clients, ${openFiles()} after they left; heap after a full collection ${heapDuring} MB with the clients, ${heapAfter} MB after; handles ${JSON.stringify(resourcesBefore)} before, ${JSON.stringify(resourcesDuring)} with them, ${JSON.stringify(resourcesAfter)} after`,
    );
    expect({ freed, after: openFiles() <= before + 2 }).toEqual({ freed: true, after: true });
    expect({
      clients: handle.server.clients,
      connections: await connections(server),
      listeners: listeners(server),
      // no connected socket left, on either side (the listening one is a TCPServerWrap)
      sockets: resourcesAfter.TCPSocketWrap ?? 0,
      // no timer per client keeping the process up (the server's one ping is unref'd, so not listed)
      timers: (resourcesAfter.Timeout ?? 0) <= (resourcesBefore.Timeout ?? 0),
      streamsInMemory: streams.filter((s) => s.response.deref() !== undefined || s.socket.deref() !== undefined).length,
    }).toEqual({ clients: 0, connections: 0, listeners: listenersBefore, sockets: 0, timers: true, streamsInMemory: 0 });
  });
});
