// A build that cannot write (a full disk, a read-only mount over dist/ or
// .cache/, a file where a folder should be) says so in words, names the path
// and the fix, instead of passing on the system's ENOSPC: one message, from the
// first write that failed (the others fail for the same reason).
import { relative } from 'node:path';
import type { ContentMessageId } from '../content/messages.ts';

export interface DiskFault {
  id: ContentMessageId;
  reason: string;
}

const CODES: Record<string, { id: ContentMessageId; what: string }> = {
  ENOSPC: { id: 'disk-full', what: 'no space is left on the disk' },
  EDQUOT: { id: 'disk-full', what: 'the disk quota is used up' },
  EROFS: { id: 'read-only', what: 'the file system is mounted read-only' },
  EACCES: { id: 'read-only', what: 'permission was refused' },
  EPERM: { id: 'read-only', what: 'the operation is not permitted' },
  EBUSY: { id: 'read-only', what: 'it is a mount point or in use, so it cannot be replaced' },
  ENOTDIR: { id: 'path-blocked', what: 'a file is in the way of a folder' },
  EEXIST: { id: 'path-blocked', what: 'a file is in the way of a folder' },
  EISDIR: { id: 'path-blocked', what: 'a folder is in the way of a file' },
  ENOTEMPTY: { id: 'path-blocked', what: 'the folder is not empty' },
  EXDEV: { id: 'write-failed', what: 'it is on another file system than .cache/' },
  EIO: { id: 'write-failed', what: 'the disk reported an input/output error' },
  EMFILE: { id: 'write-failed', what: 'too many files are open' },
};

/** The message for a file-system error, or undefined when `error` is not one. */
export function diskFault(error: unknown, root: string): DiskFault | undefined {
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const known = typeof e?.code === 'string' ? CODES[e.code] : undefined;
  if (!known) return undefined;
  const path = e.path ? shown(e.path, root) : undefined;
  const dest = e.dest ? shown(e.dest, root) : undefined;
  const where = path
    ? dest
      ? `${path} could not become ${dest}`
      : `${path} could not be written`
    : 'a file could not be written';
  return { id: known.id, reason: `${where}: ${known.what} (${e.code}${e.syscall ? ` in ${e.syscall}` : ''})` };
}

function shown(path: string, root: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Runs `write`, naming `path` on its error when the system did not (a `write` that hit ENOSPC names none). */
export async function writing<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e && typeof e === 'object' && e.code && !e.path) e.path = path;
    throw error;
  }
}
