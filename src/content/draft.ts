// A post while the content stage builds it: the Post, its front matter, and what the loader still resolves.

import type { Element } from 'hast';
import type { Position } from 'unist';
import type { FrontMatter } from '../config/schema.ts';
import type { Post } from './model.ts';

export interface Draft {
  post: Post;
  front: FrontMatter;
  /** False when the front matter did not validate: checked, but not published. */
  valid: boolean;
  /** The body could not be read (its own error says why): its headings are unknown, so links into it are not checked against them. */
  unread?: boolean;
  links: Element[];
  images: Element[];
  /** Absolute path of the post file. */
  abs: string;
  /** Position of a front matter field (of the block when absent). */
  at: (key: string) => Position;
}
