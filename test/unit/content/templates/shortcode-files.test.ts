import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SHORTCODES,
  inlineMarkdown,
  plainText,
  ShortcodeFiles,
  shortcodeDirs,
} from '../../../../src/content/templates/shortcode-files.ts';
import { project } from './context.ts';

const call = { args: [], named: {}, inner: '', innerMarkdown: '', page: {}, site: {}, basePath: '/' };

describe('shortcode templates', () => {
  it("should find the project's template first, then postbound's, and nothing for an unsafe name", () => {
    const root = project({ 'templates/shortcodes/youtube.eta': 'own' });
    const files = new ShortcodeFiles(shortcodeDirs(root));
    expect(files.find('youtube')).toMatchObject({ path: join(root, 'templates/shortcodes/youtube.eta'), own: true });
    expect(files.find('vimeo')).toMatchObject({ path: join(BUILTIN_SHORTCODES, 'vimeo.eta'), own: false });
    expect(files.find('nope')).toBeUndefined();
    expect(files.find('../../package')).toBeUndefined();
  });

  it('should render a template again when its file changes', () => {
    const root = project({ 'templates/shortcodes/note.eta': 'one <%= it.args[0] %>\n' });
    const files = new ShortcodeFiles(shortcodeDirs(root));
    const path = join(root, 'templates/shortcodes/note.eta');
    const template = files.find('note');
    if (!template) throw new Error('no template');
    expect(files.render(template, { ...call, name: 'note', args: ['<x>'] })).toBe('one &lt;x&gt;');
    writeFileSync(path, 'two');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(files.render(template, { ...call, name: 'note' })).toBe('two');
  });

  it('should give templates inline markdown as HTML and as plain text', () => {
    expect(inlineMarkdown('A *b* [c](https://d.example) <script>x</script>')).toBe(
      'A <em>b</em> <a href="https://d.example">c</a> x',
    );
    expect(plainText('A *b* [c](https://d.example)')).toBe('A b c');
  });
});
