// The shapes every part of the validation stage speaks: the engine wrapper, the
// zip guard, the publishing checks, axe and the reporters.

export type Severity = 'fatal' | 'error' | 'warning' | 'info' | 'usage';

export interface Location {
  /** Path inside the zip, forward slashes (empty for the container as a whole). */
  path: string;
  line?: number;
  column?: number;
  /** A short excerpt or the referenced value, as EPUBCheck's `context`. */
  context?: string;
  /** The offending line with a few around it (`first` is the number of the first), for the reports. */
  excerpt?: { first: number; lines: string[] };
}

export interface ValidationMessage {
  /** EPUBCheck ids (RSC-005, OPF-003…) unchanged; postbound's own are PB-*, axe rules are ACE-*. */
  id: string;
  /** postbound's own id (PB-*) when `id` is EPUBCheck's id for the same finding. */
  postboundId?: string;
  severity: Severity;
  message: string;
  hint?: string;
  locations: Location[];
  /** The markdown file that produced the located content document, when known. */
  source?: { file: string; line?: number };
  /** Which checker reported it; EPUBCheck ids from both engines keep their id. */
  origin?: 'engine' | 'postbound' | 'axe' | 'epubcheck-java';
}

export interface PublicationFacts {
  title?: string;
  language?: string;
  identifier?: string;
  version?: string;
  creators?: string[];
  publisher?: string;
}

export interface ItemFacts {
  id?: string;
  fileName: string;
  mediaType?: string;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: 'Stored' | 'Deflated' | string;
}

export interface ValidationReport {
  /** The file as given (path) or `<memory>`. */
  path: string;
  valid: boolean;
  messages: ValidationMessage[];
  counts: Record<Severity, number>;
  publication: PublicationFacts;
  items: ItemFacts[];
  elapsedMs: number;
  /** Which checkers ran, with their versions. */
  checkers: string[];
}

export const SEVERITIES: readonly Severity[] = ['fatal', 'error', 'warning', 'info', 'usage'];

export function countSeverities(messages: ValidationMessage[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { fatal: 0, error: 0, warning: 0, info: 0, usage: 0 };
  for (const m of messages) counts[m.severity]++;
  return counts;
}
