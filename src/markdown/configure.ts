// The markdown section of postbound.yaml made into the settings every post is
// rendered with: plugins found on disk, theme names checked, each problem
// reported at its key in postbound.yaml.
import { DEFAULT_HIGHLIGHT } from '../config/constants.ts';
import type { MarkdownConfig } from '../config/schema.ts';
import { report } from '../content/messages.ts';
import type { HighlightThemes, MarkdownSettings } from './settings.ts';
import { type ConfigPlace, resolvePlugins } from './user-plugins.ts';

export async function markdownSettings(root: string, config: MarkdownConfig, where: ConfigPlace): Promise<MarkdownSettings> {
  const plugins = await resolvePlugins(root, { remark: config.remarkPlugins, rehype: config.rehypePlugins }, where);
  const highlight = config.highlight === false ? false : await checkThemes(config.highlight, where);
  return { highlight, plugins };
}

/** The themes, each unknown one reported and replaced by postbound's own. */
async function checkThemes(themes: HighlightThemes, where: ConfigPlace): Promise<HighlightThemes> {
  const names = Object.entries(themes) as [keyof HighlightThemes, string][];
  // Shiki is loaded here only to check a theme the writer chose
  if (names.every(([k, v]) => DEFAULT_HIGHLIGHT[k] === v)) return themes;
  const { bundledThemes } = await import('shiki');
  const checked = { ...themes };
  for (const [k, v] of names) {
    if (Object.hasOwn(bundledThemes, v)) continue;
    report(
      where.file,
      'unknown-highlight-theme',
      `markdown.highlight.${k}: Shiki has no theme "${v}"`,
      where.positionOf?.(['markdown', 'highlight', k]),
    );
    checked[k] = DEFAULT_HIGHLIGHT[k];
  }
  return checked;
}
