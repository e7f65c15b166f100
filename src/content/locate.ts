// Local references in posts, found on disk: a path relative to the post (a page
// bundle's own images), or a site-root path (`/assets/x.png`, with or without
// the site's base path) looked up in the static folders the site serves
// (`content.static`). Nothing outside the project folder is ever read.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config } from '../config/schema.ts';
import { basePath } from './urls.ts';

export type Located =
  | { ok: true; abs: string }
  | { ok: false; problem: 'missing'; tried: string[] }
  | { ok: false; problem: 'outside' | 'outside-link' };

export class Locator {
  /** Files that posts link to (a PDF, an image's full size), by their path below the site's base: the site copies them. */
  readonly linkedFiles = new Map<string, string>();
  private readonly base: string;
  private readonly statics: string[];
  private realRoot?: Promise<string>;

  constructor(
    readonly root: string,
    config: Config,
    private readonly realOf: (path: string) => Promise<string>,
  ) {
    this.base = basePath(config);
    this.statics = config.content.static.length ? config.content.static : ['.'];
  }

  /** The file `ref` names from the post at `from`; `ref` is a URL path (percent-encoded, maybe with ?query or #fragment). */
  async file(ref: string, from: string): Promise<Located> {
    const path = decodePath(ref.split(/[?#]/)[0]!);
    const candidates = path.startsWith('/') ? this.siteRootCandidates(path) : [resolve(dirname(from), path)];
    const inside = candidates.filter((c) => isInside(this.root, c));
    if (!inside.length) return { ok: false, problem: 'outside' };
    const hit = inside.find((c) => existsSync(c) && statSync(c).isFile());
    if (!hit) return { ok: false, problem: 'missing', tried: inside.map((c) => relative(this.root, c).split(sep).join('/')) };
    // A path inside the project may still point outside through a symlink.
    this.realRoot ??= this.realOf(this.root);
    if (!isInside(await this.realRoot, await this.realOf(hit))) return { ok: false, problem: 'outside-link' };
    return { ok: true, abs: hit };
  }

  /** `/blog/assets/x.png` on a site at /blog/: assets/x.png in each static folder (and as written, for links without the base). */
  private siteRootCandidates(path: string): string[] {
    const rels = new Set<string>();
    if (this.base !== '/' && path.startsWith(this.base)) rels.add(path.slice(this.base.length));
    rels.add(path.replace(/^\/+/, ''));
    return [...rels].flatMap((rel) => this.statics.map((dir) => resolve(this.root, dir, rel)));
  }

  /** Where the site serves a linked file: a site-root link keeps its path; a file beside a post goes beside its page. */
  sitePathOf(ref: string, abs: string, post: { abs: string; path: string }): string {
    const path = decodePath(ref.split(/[?#]/)[0]!);
    let site: string;
    if (path.startsWith('/')) {
      site = this.base !== '/' && path.startsWith(this.base) ? path.slice(this.base.length) : path.replace(/^\/+/, '');
    } else {
      const beside = relative(dirname(post.abs), abs).split(sep).join('/');
      site = beside.startsWith('..')
        ? `files/${relative(this.root, abs).split(sep).join('/')}`
        : `${post.path.replace(/[^/]*$/, '')}${beside}`;
    }
    this.linkedFiles.set(site, abs);
    return site;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
