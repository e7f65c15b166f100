import { describe, expect, it } from 'vitest';
import { expand } from './context.ts';

describe('template syntax left in a post', () => {
  it('should warn, at line and column, about each tag or variable outside code in a postbound post, and change nothing', async () => {
    const body = 'Hello {{ name }}.\n\n{% if x %}shown{% endif %}\n\nA {{< youtube abc >}} and {{% notice %}}';
    const { text, messages } = await expand('postbound', body, { path: 'content/posts/2020-01-01-post.md' });
    expect(text).toBe(body);
    expect(messages.map((m) => m.split(' ').slice(0, 3).join(' '))).toEqual([
      '1:7 template-syntax `{{',
      '3:1 template-syntax `{%',
      '5:3 template-syntax `{{<',
      '5:27 template-syntax `{{%',
    ]);
    expect(messages[0]).toContain('`{{ name }}` looks like a template variable');
    expect(messages[1]).toContain('`{% if %}` is a Liquid tag');
  });

  it('should not warn about template syntax in code: fenced, indented, inline, or <pre> and <code>', async () => {
    const body = '```\n{{ a }}\n```\n\n    {% b %}\n\n`{{< c >}}` and <code>{{ d }}</code>\n\n<pre>\n{% e %}\n</pre>';
    const { messages } = await expand('postbound', body);
    expect(messages).toEqual([]);
  });

  it('should pass over <pre> and <code> in an HTML post', async () => {
    const { messages } = await expand('postbound', '<p>{{ x }}</p>\n<pre><code>{{ y }}</code></pre>', { format: 'html' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^1:4 template-syntax `\{\{ x \}\}`/);
  });

  it('should return a body without template syntax as it is', async () => {
    const body = 'Just {text} and `code`.';
    const { text, messages } = await expand('hugo', body);
    expect(text).toBe(body);
    expect(messages).toEqual([]);
  });

  it('should report Go template syntax in a Hugo post, which Hugo prints too', async () => {
    const { messages } = await expand('hugo', 'Title: {{ .Title }}');
    expect(messages).toEqual([
      '1:8 template-syntax `{{ .Title }}` is Go template syntax, which Hugo does not run in content either: it is printed as written',
    ]);
  });
});

describe('MDX in Astro posts', () => {
  it('should blank the imports and exports at the top, keeping the lines, with a warning each', async () => {
    const body =
      "\n\nimport Chart from '../components/Chart.astro';\nimport {\n  Aside,\n  Tabs,\n} from '@astrojs/starlight/components';\nexport const meta = {\n  a: 1,\n};\n\n# Title\n\nimport is a word here.";
    const { text, messages } = await expand('astro', body, { path: 'src/content/blog/post.mdx' });
    expect(text).toBe('\n'.repeat(11) + '# Title\n\nimport is a word here.');
    expect(messages.map((m) => m.split(' ').slice(0, 2).join(' '))).toEqual([
      '3:1 mdx-syntax',
      '4:1 mdx-syntax',
      '8:1 mdx-syntax',
    ]);
    expect(messages[1]).toContain("`import { Aside, Tabs, } from '@astrojs/starlight/components';` is an MDX import");
  });

  it('should warn about components outside code in an .mdx post', async () => {
    const body =
      '# Title\n\n<Chart data={[1, 2]} client:load />\n\n`<Aside>` in code, and <Aside type="tip">a tip</Aside> and <em>html</em>.';
    const { text, messages } = await expand('astro', body, { path: 'src/content/blog/post.mdx' });
    expect(text).toBe(body);
    expect(messages).toEqual([
      '3:1 mdx-syntax `<Chart>` is an MDX component, which postbound does not run: it is left out (text inside it is kept)',
      '5:24 mdx-syntax `<Aside>` is an MDX component, which postbound does not run: it is left out (text inside it is kept)',
    ]);
  });

  it('should not take capitalised tags in a plain markdown Astro post for components', async () => {
    const { messages } = await expand('astro', 'A <Chart /> here.', { path: 'src/content/blog/post.md' });
    expect(messages).toEqual([]);
  });
});
