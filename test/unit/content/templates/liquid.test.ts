import { describe, expect, it } from 'vitest';
import { expand, project } from './context.ts';

describe('Liquid in Jekyll posts', () => {
  it('should render an include from _includes/ with its parameters as include.*', async () => {
    const root = project({
      '_includes/figure.html':
        '<figure><img src="{{ include.image }}" alt=""><figcaption>{{ include.caption }}</figcaption></figure>',
    });
    const { text, messages } = await expand(
      'jekyll',
      'Before\n\n{% include figure.html image="desk.png" caption="My desk" %}\n\nAfter',
      { root },
    );
    expect(text).toContain('<figure><img src="desk.png" alt=""><figcaption>My desk</figcaption></figure>');
    expect(text.startsWith('Before\n\n')).toBe(true);
    expect(messages).toEqual([]);
  });

  it('should fill in site and page variables and the filters Jekyll adds', async () => {
    const { text, messages } = await expand(
      'jekyll',
      [
        '{{ site.title }} / {{ page.title | upcase }}',
        '{{ "/assets/a.png" | relative_url }} {{ "/assets/a.png" | absolute_url }}',
        '{{ page.date | date_to_string }} {{ page.date | date_to_xmlschema }}',
        '{{ "a < b & c" | xml_escape }} {{ "Hello, World!" | slugify }} {{ "one two three" | number_of_words }}',
        '{{ "**kept**" | markdownify }} {{ page.slug | jsonify }}',
      ].join('\n'),
    );
    expect(text.split('\n')).toEqual([
      'River Notes / A WALK',
      '/blog/assets/a.png https://example.org/blog/assets/a.png',
      '01 Jan 2020 2020-01-01T00:00:00+00:00',
      'a &lt; b &amp; c hello-world 3',
      '**kept** "post"',
    ]);
    expect(messages).toEqual([]);
  });

  it('should resolve post_url and link through the lookup, and report one that names no post where it is', async () => {
    const { text, messages, file } = await expand(
      'jekyll',
      'See [one]({% post_url 2019-02-28-first-part %}) and [two]({% link _posts/2019-02-28-first-part.md %}).\n\nAnd [gone]({% post_url 2018-01-01-gone %}).',
    );
    expect(text).toContain('[one](/blog/2019/02/28/first-part/) and [two](/blog/2019/02/28/first-part/)');
    expect(text).toContain('[gone]({% post_url 2018-01-01-gone %})');
    expect(messages).toEqual(['3:12 missing-link-target `{% post_url 2018-01-01-gone %}` links to a post that does not exist']);
    expect(file.messages[0].fatal).toBe(true);
  });

  it('should print raw blocks as written, without a warning', async () => {
    const { text, messages } = await expand(
      'jekyll',
      'Write {% raw %}{{ site.title }}{% endraw %} in a layout.\n\n```liquid\n{% raw %}{% if x %}{% endraw %}\n```',
    );
    expect(text).toBe('Write {{ site.title }} in a layout.\n\n```liquid\n{% if x %}\n```');
    expect(messages).toEqual([]);
  });

  it('should render Liquid in code spans and blocks, as Jekyll does', async () => {
    const { text } = await expand('jekyll', 'Title: `{{ site.title }}`\n\n```\n{{ page.title }}\n```');
    expect(text).toBe('Title: `River Notes`\n\n```\nA walk\n```');
  });

  it('should make highlight blocks fenced code blocks, keeping the lines', async () => {
    const body = 'Code:\n\n{% highlight ruby linenos %}\ndef greet\n  puts "hi <b>"\nend\n{% endhighlight %}\n\nAfter';
    const { text } = await expand('jekyll', body);
    expect(text).toBe('Code:\n\n```ruby\ndef greet\n  puts "hi <b>"\nend\n```\n\nAfter');
  });

  it('should leave an unknown tag as written and say which template to add, at its line and column', async () => {
    const { text, messages } = await expand('jekyll', 'Intro\n\nSee {% gallery "trip" columns=3 %} here.');
    expect(text).toBe('Intro\n\nSee {% gallery "trip" columns=3 %} here.');
    expect(messages).toEqual([
      '3:5 template-syntax `{% gallery %}` is a Liquid tag postbound does not know: add templates/shortcodes/gallery.eta to render it, or remove it',
    ]);
  });

  it('should report an include that is not in the project, leave it as text and render the rest', async () => {
    const { text, messages, file } = await expand(
      'jekyll',
      '# {{ page.title }}\n\n{% include toc.html sanitize=true %}\n\nBy {{ site.title }}.',
    );
    expect(text).toBe('# A walk\n\n{% include toc.html sanitize=true %}\n\nBy River Notes.');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^3:1 missing-include `\{% include toc.html sanitize=true %\}`: no toc.html in _includes/);
    expect(file.messages[0].fatal).toBe(false);
  });

  it('should report a Liquid syntax error as a warning and render the rest of the post', async () => {
    const { text, messages } = await expand(
      'jekyll',
      '{{ page.title }}\n\n{% if page.draft %}\nNever closed.\n\nLast: {{ site.title }}',
    );
    expect(text).toBe('A walk\n\n{% if page.draft %}\nNever closed.\n\nLast: River Notes');
    expect(messages).toEqual([
      '3:1 template-error Liquid could not read `{% if page.draft %}`: tag {% if page.draft %} not closed; it is left as text',
    ]);
  });

  it('should report an unclosed `{{` and keep what follows', async () => {
    const { text, messages } = await expand('jekyll', 'A {{ page.title }}\nB {{ oops\nC {{ site.title }}');
    expect(text).toBe('A A walk\nB {{ oops\nC River Notes');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^2:3 template-error Liquid could not read `\{\{`/);
  });

  it('should leave a tag whose own arguments do not parse as text, and render the rest', async () => {
    const { text, messages } = await expand('jekyll', 'a {% post_url {{ oops %} b {{ page.title }}');
    expect(text).toBe('a {% post_url {{ oops %} b A walk');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^1:3 template-error Liquid could not render `\{% post_url \{\{ oops %\}`/);
  });

  it('should print a value through an unknown filter unfiltered, with a warning', async () => {
    const { text, messages } = await expand('jekyll', 'x\n{{ page.title | sparkle }}');
    expect(text).toBe('x\nA walk');
    expect(messages).toEqual([
      '2:1 template-error `| sparkle` is a Liquid filter postbound does not know: the value is printed unfiltered',
    ]);
  });

  it('should render a tag from NAME.eta, positional and named arguments, and a block tag with its content', async () => {
    const root = project({
      'templates/shortcodes/gallery.eta': '<div class="gallery" data-n="<%= it.named.columns %>"><%= it.args.join(",") %></div>',
      'templates/shortcodes/aside.eta': '<aside><%~ it.innerMarkdown %></aside>',
    });
    const { text, messages } = await expand(
      'jekyll',
      '{% gallery "trip" page.slug columns=3 %}\n\n{% aside %}\nSome **bold** {{ page.title }}.\n{% endaside %}',
      { root },
    );
    expect(text).toBe('<div class="gallery" data-n="3">trip,post</div>\n\n<aside>\n\nSome **bold** A walk.\n</aside>');
    expect(messages).toEqual([]);
  });

  it('should report an unknown tag inside an include at the include, naming the include file', async () => {
    const root = project({ '_includes/card.html': '<div>{% sparkle %}</div>' });
    const { text, messages } = await expand('jekyll', 'a\n\n{% include card.html %}', { root });
    expect(text).toBe('a\n\n<div>{% sparkle %}</div>');
    expect(messages).toEqual([
      '3:1 template-syntax `{% sparkle %}` is a Liquid tag postbound does not know: add templates/shortcodes/sparkle.eta to render it, or remove it (in _includes/card.html)',
    ]);
  });

  it('should render a missing include from NAME.eta when there is one', async () => {
    const root = project({ 'templates/shortcodes/note.eta': '<p class="note"><%= it.named.text %></p>' });
    const { text, messages } = await expand('jekyll', '{% include note.html text="Mind the step" %}', { root });
    expect(text).toBe('<p class="note">Mind the step</p>');
    expect(messages).toEqual([]);
  });

  it("should render a theme's figure include with postbound's own figure template", async () => {
    const { text } = await expand(
      'jekyll',
      '{% include figure image_path="/assets/river.jpg" alt="The river" caption="At dawn" %}',
    );
    expect(text).toBe('<figure><img src="/assets/river.jpg" alt="The river"><figcaption>At dawn</figcaption></figure>');
  });

  it('should render plugin tags postbound has templates for, such as youtube, as links', async () => {
    const { text } = await expand('jekyll', '{% youtube dQw4w9WgXcQ %}');
    expect(text).toBe(
      '<figure class="embed embed-youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Video on YouTube</a></figure>',
    );
  });

  it('should include a file next to the post with include_relative', async () => {
    const root = project({ '_posts/snippet.md': 'Shared: {{ include.word }} in {{ page.title }}' });
    const { text } = await expand('jekyll', '{% include_relative snippet.md word="hello" %}', { root });
    expect(text).toBe('Shared: hello in A walk');
  });

  it('should keep the line count of a comment', async () => {
    const { text } = await expand('jekyll', 'a\n{% comment %}\nhidden\n{% endcomment %}\nb {{ page.title }}');
    expect(text.split('\n')).toHaveLength(5);
    expect(text.split('\n')[4]).toBe('b A walk');
  });

  it('should warn about a Hugo shortcode in a Jekyll post instead of reading it as Liquid', async () => {
    const { text, messages } = await expand('jekyll', 'x {{< youtube abc >}}');
    expect(text).toBe('x {{< youtube abc >}}');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^1:3 template-syntax `\{\{< youtube >\}\}` is a Hugo shortcode/);
  });

  it('should expand Liquid in an HTML post', async () => {
    const { text } = await expand('jekyll', '<p>{{ page.title }}</p>\n<pre>{% raw %}{{ x }}{% endraw %}</pre>', {
      format: 'html',
    });
    expect(text).toBe('<p>A walk</p>\n<pre>{{ x }}</pre>');
  });
});

describe('Liquid in Eleventy posts', () => {
  it('should give global data and front matter at the top and page.url', async () => {
    const { text } = await expand('eleventy', '{{ title }} on {{ metadata.title }} at {{ page.url }}, {{ "/about/" | url }}', {
      site: { metadata: { title: 'River Notes' } },
    });
    expect(text).toBe('A walk on River Notes at /blog/2020/01/01/post/, /blog/about/');
  });

  it('should never touch code, but drop raw markers there', async () => {
    const body =
      'Title {{ title }}\n\n`{{ title }}`\n\n```njk\n{% raw %}{{ title }}{% endraw %}\n{% if x %}\n```\n\n    {{ indented }}';
    const { text, messages } = await expand('eleventy', body);
    expect(text).toBe('Title A walk\n\n`{{ title }}`\n\n```njk\n{{ title }}\n{% if x %}\n```\n\n    {{ indented }}');
    expect(messages).toEqual([]);
  });

  it('should make the image shortcode a markdown image, its address as written', async () => {
    const { text, messages } = await expand('eleventy', 'Look:\n\n{% image "./cat [1].jpg", "A cat [asleep]", "100vw" %}');
    expect(text).toBe('Look:\n\n![A cat \\[asleep\\]](<./cat [1].jpg>)');
    expect(messages).toEqual([]);
  });

  it('should make the paired highlight shortcode a fenced code block', async () => {
    const { text } = await expand('eleventy', '{% highlight "js" %}\nlet a = 1;\n{% endhighlight %}');
    expect(text).toBe('```js\nlet a = 1;\n```');
  });
});
