#!/usr/bin/env node
// Runs the CLI from lib/ (compiled JavaScript, `npm run compile`) when lib/ was
// built from the src/ on disk, and from src/ through tsx otherwise: loading
// through tsx costs about half a second per run, but an edit in src/ must never
// run stale code. POSTBOUND_TSX=1 always takes src/.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// A file whose mtime is this close to (or after) the start of the compile is
// checked by content: clocks and file system timestamps do not agree to the ms.
const SLACK_MS = 2000;

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Whether root/lib/ holds what scripts/compile.ts makes of root/src/ as it is now.
 * Only files touched since that compile are read (a few ms for ~100 stats), so a
 * touch or a checkout that leaves the bytes alone keeps lib/ in use.
 */
function libIsFresh(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'lib', '.stamp.json'), 'utf8'));
  } catch {
    return false;
  }
  const since = stamp.startedAt - SLACK_MS;
  const changed = (file, hash) => statSync(file).mtimeMs >= since && sha256(file) !== hash;
  const src = join(root, 'src');
  // An install that ships lib/ without src/ has nothing to compare with.
  if (!existsSync(src)) return true;
  let seen = 0;
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const hash = stamp.inputs[relative(root, file).split(sep).join('/')];
    if (!hash || changed(file, hash)) return false;
    seen++;
  }
  // A file removed from src/ would still be importable from lib/.
  if (seen !== Object.keys(stamp.inputs).length) return false;
  const compiler = join(root, 'scripts', 'compile.ts');
  if (existsSync(compiler) && changed(compiler, stamp.compiler)) return false;
  // the vendor script and the lockfile: lib/vendor/ bundles the packages it names
  for (const [tool, hash] of Object.entries(stamp.tools ?? {})) {
    const file = join(root, tool);
    if (existsSync(file) && changed(file, hash)) return false;
  }
  return true;
}

// glibc's malloc raises its mmap threshold each time a large block is freed (up
// to 32 MB), and from then on image buffers of that size come from its arenas,
// which fragment and keep what was freed: a cold build of 35 scans peaked at
// 700 MB where 450 MB were needed. The threshold is read once, when the process
// starts, so the dev server, and a build with no image cache yet (the one that
// encodes every image), start themselves again with it fixed. That costs a
// process start (about 40 ms), which a build with its images in .cache/ skips;
// other C libraries ignore the variable. The second process watches a pipe to
// the first and kills itself when it closes: a build whose first process is
// killed (SIGKILL included) ends at once, and Chromium with it.
function encodesEverything(argv) {
  const [command, ...args] = argv;
  if (command === 'serve') return true;
  if (command !== 'build') return false;
  let dir = '.';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--only' || args[i] === '--reporter') i++;
    else if (!args[i].startsWith('-')) {
      dir = args[i];
      break;
    }
  }
  return !existsSync(join(dir, '.cache', 'images'));
}
if (
  process.platform === 'linux' &&
  process.env.MALLOC_MMAP_THRESHOLD_ === undefined &&
  process.env.POSTBOUND_SAME_PROCESS !== '1' &&
  encodesEverything(process.argv.slice(2))
) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536', POSTBOUND_PARENT_PIPE: '3' },
  });
  // a signal sent to this process alone (kill <pid>) reaches the build too
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise((done) => child.on('exit', (...end) => done(end)));
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
}
if (process.env.POSTBOUND_PARENT_PIPE) {
  const { Socket } = await import('node:net');
  const parent = new Socket({ fd: Number(process.env.POSTBOUND_PARENT_PIPE), readable: true, writable: false });
  parent.on('close', () => process.kill(process.pid, 'SIGKILL')).on('error', () => {});
  parent.unref();
  delete process.env.POSTBOUND_PARENT_PIPE;
}

const root = fileURLToPath(new URL('..', import.meta.url));
let main;
if (process.env.POSTBOUND_TSX !== '1' && libIsFresh(root)) {
  // lib/ carries inline source maps: stack traces then name src/…/x.ts, as under tsx.
  if (!process.env.NOSM) process.setSourceMapsEnabled(true);
  ({ main } = await import('../lib/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
// `postbound build | head`: a reader that stops early is not an error of ours
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
process.exitCode = await main(process.argv.slice(2));
