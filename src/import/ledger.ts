// What the import did with each kind of thing it met in a post: every element,
// shortcode, block and meta field is either converted or reported as lost, so
// that nothing disappears without a word. The report counts each kind; a lost
// one also names the post (by its slug) and what went missing.

export type Outcome = 'converted' | 'lost' | 'ignored';

/** `<video>`, `[gallery]`, `wp:image`, `meta footnotes`, `title markup`. */
export type Kind = string;

export interface Loss {
  /** Slug of the post. */
  post: string;
  kind: Kind;
  /** What was lost and why, for the writer. */
  what: string;
}

export class Ledger {
  readonly converted = new Map<Kind, number>();
  readonly lost = new Map<Kind, number>();
  /** Counted, not converted, and not worth a message each: WordPress's own bookkeeping meta. */
  readonly ignored = new Map<Kind, number>();
  readonly losses: Loss[] = [];
  /** Kinds seen per post, with their outcome: for the tests that check nothing vanished. */
  readonly seen = new Map<string, Map<Kind, Set<Outcome>>>();

  convert(post: string, kind: Kind, count = 1): void {
    if (count <= 0) return;
    this.converted.set(kind, (this.converted.get(kind) ?? 0) + count);
    this.mark(post, kind, 'converted');
  }

  ignore(post: string, kind: Kind): void {
    this.ignored.set(kind, (this.ignored.get(kind) ?? 0) + 1);
    this.mark(post, kind, 'ignored');
  }

  /** Records a loss; returns true the first time this post loses this exact thing (one message each). */
  lose(post: string, kind: Kind, what: string): boolean {
    this.lost.set(kind, (this.lost.get(kind) ?? 0) + 1);
    this.mark(post, kind, 'lost');
    if (this.losses.some((l) => l.post === post && l.kind === kind && l.what === what)) return false;
    this.losses.push({ post, kind, what });
    return true;
  }

  private mark(post: string, kind: Kind, outcome: Outcome): void {
    let kinds = this.seen.get(post);
    if (!kinds) {
      kinds = new Map();
      this.seen.set(post, kinds);
    }
    const set = kinds.get(kind) ?? new Set<Outcome>();
    set.add(outcome);
    kinds.set(kind, set);
  }
}

/** `[caption] 2, <video> 1, wp:image 3`: one count per kind, kinds in a stable order. */
export function countLine(counts: Map<Kind, number>): string {
  const order = (k: string) => (k.startsWith('[') ? 0 : k.startsWith('<') ? 1 : k.startsWith('wp:') ? 2 : 3);
  return [...counts]
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}
