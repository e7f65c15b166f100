import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../../src/markdown/pipeline.ts';
import { expand, project } from './context.ts';

async function html(markdown: string): Promise<string> {
  return toHtml((await renderMarkdown(new VFile({ path: 'post.md', value: markdown }))).hast);
}

describe('Hugo shortcodes', () => {
  it('should make figure a <figure> with the image as written and its caption', async () => {
    const { text, messages } = await expand('hugo', '{{< figure src="river.jpg" alt="The river" caption="At *dawn*" >}}');
    expect(text).toBe('<figure><img src="river.jpg" alt="The river"><figcaption>At <em>dawn</em></figcaption></figure>');
    expect(messages).toEqual([]);
  });

  it('should wrap a figure with a link in <a>, and take the alt text from the caption when there is none', async () => {
    const { text } = await expand('hugo', '{{< figure src="/images/map.png" link="/images/map-large.png" caption="The map" >}}');
    expect(text).toBe(
      '<figure><a href="/images/map-large.png"><img src="/images/map.png" alt="The map"></a><figcaption>The map</figcaption></figure>',
    );
  });

  it('should make youtube and vimeo linked figures, without an iframe', async () => {
    const { text } = await expand(
      'hugo',
      '{{< youtube w7Ft2ymGmfc >}}\n\n{{< youtube id="w7Ft2ymGmfc" title="A talk" >}}\n\n{{< vimeo 55073825 >}}',
    );
    expect(text.split('\n\n')).toEqual([
      '<figure class="embed embed-youtube"><a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">Video on YouTube</a></figure>',
      '<figure class="embed embed-youtube"><a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">Video on YouTube</a><figcaption>A talk</figcaption></figure>',
      '<figure class="embed embed-vimeo"><a href="https://vimeo.com/55073825">Video on Vimeo</a></figure>',
    ]);
    expect(text).not.toContain('iframe');
  });

  it('should make x, tweet, instagram and gist links', async () => {
    const { text } = await expand(
      'hugo',
      '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}\n{{< tweet 877500564405444608 >}}\n{{< instagram CxOWiQNP2MO >}}\n{{< gist spf13 7896402 "img.html" >}}',
    );
    expect(text).toContain('href="https://x.com/SanDiegoZoo/status/1453110110599868418">Post on X by @SanDiegoZoo</a>');
    expect(text).toContain('href="https://x.com/i/status/877500564405444608"');
    expect(text).toContain('href="https://www.instagram.com/p/CxOWiQNP2MO/"');
    expect(text).toContain('href="https://gist.github.com/spf13/7896402#file-img-html"');
  });

  it('should resolve ref and relref, keeping a fragment, and report one that names no post', async () => {
    const { text, messages, file } = await expand(
      'hugo',
      'See [one]({{< ref "first-part" >}}), [two]({{< relref "posts/first-part.md#the-end" >}}).\n\n[gone]({{< ref "gone.md" >}})',
    );
    expect(text).toContain('[one](/blog/posts/first-part/), [two](/blog/posts/first-part/#the-end)');
    expect(text).toContain('[gone]({{< ref "gone.md" >}})');
    expect(messages).toEqual(['3:8 missing-link-target `{{< ref "gone.md" >}}` links to a post that does not exist']);
    expect(file.messages[0].fatal).toBe(true);
  });

  it('should render the markdown inside {{% notice %}} (bold comes out bold)', async () => {
    const { text, messages } = await expand(
      'hugo',
      'Before\n\n{{% notice warning "Careful" %}}\nThe ice is **thin**.\n{{% /notice %}}\n\nAfter',
    );
    expect(messages).toEqual([]);
    const out = await html(text);
    expect(out).toContain('<div class="notice notice-warning"><p class="notice-title">Careful</p>');
    expect(out).toContain('<p>The ice is <strong>thin</strong>.</p>');
    expect(out).toContain('<p>After</p>');
  });

  it('should render details with a summary and markdown inside', async () => {
    const { text } = await expand('hugo', '{{< details summary="See the *answer*" >}}\nIt is **42**.\n{{< /details >}}');
    const out = await html(text);
    expect(out).toContain('<details><summary>See the <em>answer</em></summary>');
    expect(out).toContain('<strong>42</strong>');
  });

  it('should make highlight a fenced code block with the code as written', async () => {
    const { text } = await expand(
      'hugo',
      '{{< highlight go "linenos=table" >}}\nfunc main() { fmt.Println("<hi>") }\n{{< /highlight >}}',
    );
    expect(text).toBe('```go\nfunc main() { fmt.Println("<hi>") }\n```');
  });

  it('should print {{</* … */>}} as the shortcode it escapes, in text and in code, without a warning', async () => {
    const body = 'Write `{{</* figure src="x.png" */>}}`:\n\n```\n{{%/* notice */%}}\n```\n\nor {{</* youtube id */>}}.';
    const { text, messages } = await expand('hugo', body);
    expect(text).toBe('Write `{{< figure src="x.png" >}}`:\n\n```\n{{% notice %}}\n```\n\nor {{< youtube id >}}.');
    expect(messages).toEqual([]);
  });

  it('should expand nothing inside code: fenced, indented or inline', async () => {
    const body = '```\n{{< youtube a >}}\n```\n\n    {{< figure src="b.png" >}}\n\nInline `{{< ref "first-part" >}}`.';
    const { text, messages } = await expand('hugo', body);
    expect(text).toBe(body);
    expect(messages).toEqual([]);
  });

  it('should leave an unknown shortcode as written and report it at its line and column, after longer output', async () => {
    const body = '{{% notice note %}}\nOne\n{{% /notice %}}\n\nThen {{< gallery dir="/img/trip" >}} and {{< /gallery >}}.';
    const { text, messages } = await expand('hugo', body);
    expect(text).toContain('Then {{< gallery dir="/img/trip" >}} and {{< /gallery >}}.');
    expect(messages).toEqual([
      '5:6 template-syntax `{{< gallery >}}` is a Hugo shortcode postbound does not know: add templates/shortcodes/gallery.eta to render it, or remove it',
    ]);
  });

  it("should render a writer's NAME.eta with positional and named arguments and the inner content", async () => {
    const root = project({
      'templates/shortcodes/badge.eta': '<span class="badge <%= it.args[0] %>"><%= it.named.label %>|<%= it.inner %></span>',
    });
    const { text } = await expand('hugo', 'A {{< badge green label=`say "hi"` >}}x <b>{{< /badge >}} b', { root });
    expect(text).toBe('A <span class="badge green">say &quot;hi&quot;|x &lt;b&gt;</span> b');
  });

  it('should report a template that fails, naming it, and leave the shortcode as written', async () => {
    const root = project({ 'templates/shortcodes/broken.eta': '<% it.named.nope.deeper %>' });
    const { text, messages } = await expand('hugo', 'x\n{{< broken a="1" >}}', { root });
    expect(text).toBe('x\n{{< broken a="1" >}}');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^2:1 template-error The template .*broken\.eta failed on `\{\{< broken a="1" >\}\}`/);
  });

  it("should let a writer's figure.eta replace postbound's", async () => {
    const root = project({ 'templates/shortcodes/figure.eta': '<img src="<%= it.named.src %>" class="own">' });
    const { text } = await expand('hugo', '{{< figure src="a.png" >}}', { root });
    expect(text).toBe('<img src="a.png" class="own">');
  });

  it('should expand shortcodes nested in others', async () => {
    const { text } = await expand('hugo', '{{% notice tip %}}\nSee [it]({{< relref "first-part" >}}).\n{{% /notice %}}');
    expect(text).toContain('See [it](/blog/posts/first-part/).');
  });

  it('should print a param of the post, or of the site', async () => {
    const { text, messages } = await expand('hugo', '{{< param "title" >}} / {{< param "author.name" >}}', {
      site: { author: { name: 'Ann' } },
    });
    expect(text).toBe('A walk / Ann');
    expect(messages).toEqual([]);
  });

  it('should keep the lines after a figure written over several lines where they were', async () => {
    const body = '{{< figure\n  src="a.png"\n  caption="A"\n>}}\nNext {{< nope >}}';
    const { text, messages } = await expand('hugo', body);
    expect(text.split('\n')).toHaveLength(5);
    expect(text.split('\n')[4]).toBe('Next {{< nope >}}');
    expect(messages[0]).toMatch(/^5:6 template-syntax/);
  });
});
