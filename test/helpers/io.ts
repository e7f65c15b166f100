// Streams that keep what a command writes, for tests of the command line.
import { Writable } from 'node:stream';

/** A stream that keeps what is written to it. */
export function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** stdout and stderr for `main(args, io)`, and what each received. */
export function captureIo() {
  const out = sink();
  const err = sink();
  return {
    io: { stdout: out.stream, stderr: err.stream },
    text: {
      get out() {
        return out.text();
      },
      get err() {
        return err.text();
      },
    },
  };
}
