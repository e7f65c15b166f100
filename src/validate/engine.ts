// The EPUBCheck engine behind a small interface, so the port can be swapped
// (for a newer port, a worker, or Java) without touching the rest. The wrapper
// keeps every finding with its EPUBCheck id, severity and location as given.
import { type ValidationMessage as EngineMessage, EpubCheck, VERSION } from '@likecoin/epubcheck-ts';
import type { PublicationFacts, ValidationMessage } from './types.ts';

export interface EngineResult {
  messages: ValidationMessage[];
  version?: string;
  checker: string;
}

export interface Engine {
  readonly name: string;
  check(data: Uint8Array): Promise<EngineResult>;
}

/** epubcheck-ts (pure JS + WASM), the default engine. */
export function epubcheckTs(options: { includeUsage?: boolean } = {}): Engine {
  const checker = new EpubCheck({ includeUsage: options.includeUsage ?? false, includeInfo: true });
  const name = `epubcheck-ts ${VERSION}`;
  return {
    name,
    async check(data) {
      const result = await checker.check(data);
      return { messages: result.messages.map(fromEngine), version: result.version, checker: name };
    },
  };
}

export function fromEngine(m: EngineMessage): ValidationMessage {
  const out: ValidationMessage = {
    id: m.id,
    severity: m.severity,
    message: m.message,
    locations: m.location
      ? [
          {
            path: m.location.path,
            ...(m.location.line !== undefined && m.location.line > 0 ? { line: m.location.line } : {}),
            ...(m.location.column !== undefined && m.location.column > 0 ? { column: m.location.column } : {}),
            ...(m.location.context ? { context: m.location.context } : {}),
          },
        ]
      : [],
    origin: 'engine',
  };
  if (m.suggestion) out.hint = m.suggestion;
  return out;
}

let shared: Engine | undefined;
/** One engine per process: its schemas and WASM module load once. */
export function defaultEngine(): Engine {
  shared ??= epubcheckTs();
  return shared;
}

export type { PublicationFacts };
