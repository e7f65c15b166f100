// An Eleventy 3 project equivalent to postbound's site for the same posts: a
// layout, a page per post with series navigation, series pages, tag pages, a home
// page and an Atom feed. Written next to a generated blog for the site benchmark.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const files: Record<string, string> = {
  'eleventy.config.mjs': `export default function (config) {
  config.addPassthroughCopy({ 'content/sketches': 'sketches' });
  config.addCollection('posts', (api) => api.getFilteredByGlob('content/posts/**/*.md').filter((p) => !p.data.draft).sort((a, b) => b.date - a.date));
  config.addCollection('series', (api) => {
    const groups = {};
    for (const p of api.getFilteredByGlob('content/posts/**/*.md')) {
      if (!p.data.series || p.data.draft) continue;
      (groups[p.data.series] ??= []).push(p);
    }
    for (const list of Object.values(groups)) list.sort((a, b) => (a.data.part ?? 0) - (b.data.part ?? 0) || a.date - b.date);
    return Object.entries(groups).map(([title, posts]) => ({ title, slug: config.getFilter('slugify')(title), posts }));
  });
  config.addFilter('seriesOf', (series, title) => series.find((s) => s.title === title));
  config.addFilter('head', (list, n) => list.slice(0, n));
  config.addFilter('isoDate', (d) => new Date(d).toISOString());
  return { dir: { input: '.', includes: '_includes', output: '_site' }, markdownTemplateEngine: false, templateFormats: ['md', 'njk'] };
}
`,
  '.eleventyignore': 'node_modules\ndist\n.cache\n_site\n',
  // a function: markdown files are not rendered as templates here, so a string permalink would stay literal
  'content/posts/posts.11tydata.js': `export default { layout: 'post.njk', permalink: (data) => \`posts/\${data.slug ?? data.page.fileSlug}/\` };\n`,
  '_includes/base.njk': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><link rel="alternate" type="application/atom+xml" href="/feed.xml"></head>
<body><header><a href="/">Blog</a> <a href="/archive/">Archive</a></header><main>{{ content | safe }}</main></body></html>
`,
  '_includes/post.njk': `---
layout: base.njk
---
<article><h1>{{ title }}</h1><p><time>{{ page.date | isoDate }}</time> {% for t in tags %}<a href="/tags/{{ t | slugify }}/">{{ t }}</a> {% endfor %}</p>
{% set s = collections.series | seriesOf(series) %}{% if s %}{% set m = s.posts | length %}
{% for p in s.posts %}{% if p.url == page.url %}<p>This post is part {{ loop.index }} of {{ m }} in the series <a href="/series/{{ s.slug }}/">{{ s.title }}</a>.</p>
{% if not loop.first %}<a rel="prev" href="{{ s.posts[loop.index0 - 1].url }}">Previous</a>{% endif %}
{% if not loop.last %}<a rel="next" href="{{ s.posts[loop.index0 + 1].url }}">Next</a>{% endif %}{% endif %}{% endfor %}{% endif %}
{{ content | safe }}</article>
`,
  'index.njk': `---
layout: base.njk
title: Home
---
<ul>{% for p in collections.posts | head(10) %}<li><a href="{{ p.url }}">{{ p.data.title }}</a> {{ p.data.summary }}</li>{% endfor %}</ul>
`,
  'archive.njk': `---
layout: base.njk
title: Archive
permalink: archive/
---
<ul>{% for p in collections.posts %}<li><a href="{{ p.url }}">{{ p.data.title }}</a></li>{% endfor %}</ul>
`,
  'series.njk': `---
layout: base.njk
pagination: { data: collections.series, size: 1, alias: s }
permalink: "series/{{ s.slug }}/"
eleventyComputed: { title: "{{ s.title }}" }
---
<h1>{{ s.title }}</h1><ol>{% for p in s.posts %}<li><a href="{{ p.url }}">{{ p.data.title }}</a> {{ p.data.problem }} {{ p.data.answer }}</li>{% endfor %}</ol>
`,
  'tags.njk': `---
layout: base.njk
pagination: { data: collections, size: 1, alias: tag, filter: [all, posts, series] }
permalink: "tags/{{ tag | slugify }}/"
eleventyComputed: { title: "{{ tag }}" }
---
<ul>{% for p in collections[tag] %}<li><a href="{{ p.url }}">{{ p.data.title }}</a></li>{% endfor %}</ul>
`,
  'feed.njk': `---
permalink: feed.xml
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>https://example.org/</id>
{% for p in collections.posts | head(20) %}<entry><title>{{ p.data.title }}</title><id>https://example.org{{ p.url }}</id><updated>{{ p.date | isoDate }}</updated><content type="html">{{ p.content }}</content></entry>
{% endfor %}</feed>
`,
};

export function writeEleventyProject(dir: string): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
