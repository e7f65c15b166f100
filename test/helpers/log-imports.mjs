// `node --import` this to have every module the process loads named on stderr,
// one `loaded <url>` line each (a test of what a build does not load).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function load(url, context, next) { process.stderr.write("loaded " + url + "\\n"); return next(url, context); }',
    ),
);
