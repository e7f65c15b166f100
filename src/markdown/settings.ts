// What a build decides about its posts' trees, one value for every post: kept
// apart from the pipeline so the cache can name it without loading unified.
import { DEFAULT_HIGHLIGHT } from '../config/constants.ts';
import type { PluginRef } from './user-plugins.ts';

export interface HighlightThemes {
  /** Shiki theme names: the site's light and dark schemes, and the books on white. */
  light: string;
  dark: string;
  book: string;
}

export interface MarkdownSettings {
  /** Shiki themes, or false for code left as written. */
  highlight: HighlightThemes | false;
  /** The writer's plugins, found by resolvePlugins, in the order they run. */
  plugins: PluginRef[];
}

export const DEFAULT_SETTINGS: MarkdownSettings = { highlight: { ...DEFAULT_HIGHLIGHT }, plugins: [] };
