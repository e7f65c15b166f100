// Template syntax in posts (Liquid, Hugo shortcodes), expanded before the
// markdown pipeline runs, with every post known by the names templates use.
import type { Config } from '../config/schema.ts';
import type { PostIndex } from './post-index.ts';
import type { ReadPost } from './read-post.ts';

export async function expandAll(_root: string, _config: Config, _reads: ReadPost[], _index: PostIndex): Promise<void> {
  // wired to src/content/templates/ when that lands
}
