// The one way a command reads its arguments: node's parseArgs, a usage error
// for anything it rejects (exit 2), and --help answered with the command's help.
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;

/** The parsed arguments, or the exit code when they were wrong or help was asked for. */
export function parseCommand<O extends Options>(
  args: string[],
  options: O,
  help: string,
  io: { stdout: NodeJS.WritableStream },
  usage: (message: string) => number,
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    return usage((error as Error).message);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    io.stdout.write(`${help}\n`);
    return 0;
  }
  return parsed;
}
