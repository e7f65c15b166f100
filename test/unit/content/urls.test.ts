// Where a post lives on the blog: the generators' permalink patterns, the
// site's base path, and links written with or without it.
import { describe, expect, it } from 'vitest';
import { configSchema, type Generator } from '../../../src/config/schema.ts';
import type { Site } from '../../../src/content/model.ts';
import { basePath, belowBase, pageFile, permalinkPath, postPermalink, sectionOf } from '../../../src/content/urls.ts';

const config = (url: string) => configSchema.parse({ site: { title: 'T', author: 'A', url } });
const blog = config('https://x.example/blog/');

const post = { slug: 'first-part', title: 'First Part: The Beginning', date: new Date(Date.UTC(2019, 1, 28, 10, 11, 12)) };
const file = { abs: '/r/_posts/2019-02-28-first-part.md', bundle: undefined };

function path(
  pattern: string,
  generator: Generator = 'jekyll',
  front: { slug?: string; categories?: unknown } = {},
  source: { abs: string; bundle?: string; section?: string } = file,
  p: { slug: string; title: string; date: Date } = post,
): string {
  return permalinkPath(pattern, p, { tags: [], ...front }, source, generator);
}

describe('permalinkPath: Jekyll', () => {
  it('expands /:year/:month/:day/:title/ with the file name slug', () => {
    expect(path('/:year/:month/:day/:title/')).toBe('2019/02/28/first-part/');
  });

  it("expands the `date` style with categories and Jekyll's .html", () => {
    expect(path('date', 'jekyll', { categories: ['Web Dev', 'ink'] })).toBe('web-dev/ink/2019/02/28/first-part.html');
    expect(path('date')).toBe('2019/02/28/first-part.html');
  });

  it('expands the `pretty` style, reading a categories string as space-separated', () => {
    expect(path('pretty', 'jekyll', { categories: 'a b' })).toBe('a/b/2019/02/28/first-part/');
    expect(path('pretty')).toBe('2019/02/28/first-part/');
  });

  it('expands the `ordinal` and `none` styles', () => {
    expect(path('ordinal')).toBe('2019/059/first-part.html');
    expect(path('none')).toBe('first-part.html');
  });

  it('expands the `weekdate` style with the ISO week and weekday', () => {
    expect(path('weekdate')).toBe('2019/W09/THU/first-part.html');
    expect(path('/:w_year/:week/:w_day/')).toBe('2019/09/4/');
  });

  it('takes the ISO week-year at the turn of a year', () => {
    const newYear = { ...post, date: new Date(Date.UTC(2021, 0, 1)) };
    expect(path('/:w_year/:week/:title/', 'jekyll', {}, file, newYear)).toBe('2020/53/first-part/');
    const late = { ...post, date: new Date(Date.UTC(2024, 11, 30)) };
    expect(path('/:w_year/:week/', 'jekyll', {}, file, late)).toBe('2025/01/');
  });

  it('expands :output_ext as .html and /:title.html as a page file', () => {
    expect(path('/:title:output_ext')).toBe('first-part.html');
    expect(path('/:title.html')).toBe('first-part.html');
    expect(path('/:categories/:title:output_ext')).toBe('first-part.html');
  });

  it('expands the other date tokens', () => {
    expect(path('/:i_month/:i_day/:short_year/:hour:minute:second/')).toBe('2/28/19/101112/');
    expect(path('/:short_month/:long_month/:long_day/')).toBe('FEB/February/Thursday/');
  });

  it('keeps the day written, not the machine zone day', () => {
    const late = { ...post, date: new Date(Date.UTC(2019, 1, 28, 23, 59)) };
    expect(path('/:year/:month/:day/', 'jekyll', {}, file, late)).toBe('2019/02/28/');
  });

  it('adds a slash to an address that ends in neither / nor .html, and drops a trailing index.html', () => {
    expect(path('/about')).toBe('about/');
    expect(path('/about/index.html')).toBe('about/');
    expect(path('about.htm')).toBe('about.htm');
  });

  it('takes a literal address as it is, and collapses empty segments', () => {
    expect(path('/about-drawing/')).toBe('about-drawing/');
    expect(path('/:year//:title/')).toBe('2019/first-part/');
  });
});

describe('permalinkPath: Hugo', () => {
  it('takes :slug from the slug field, else from the title', () => {
    expect(path('/:year/:month/:slug/', 'hugo')).toBe('2019/02/first-part-the-beginning/');
    expect(path('/:year/:month/:slug/', 'hugo', { slug: 'Own Slug' })).toBe('2019/02/own-slug/');
  });

  it('takes :title from the title', () => {
    expect(path('/:title/', 'hugo')).toBe('first-part-the-beginning/');
  });

  it('takes :filename from the file, or the folder of a bundle, without a date', () => {
    expect(path('/:filename/', 'hugo')).toBe('first-part/');
    expect(
      path('/:filename/', 'hugo', {}, { abs: '/r/content/posts/my-bundle/index.md', bundle: '/r/content/posts/my-bundle' }),
    ).toBe('my-bundle/');
  });

  it('takes :section from the source, posts when none', () => {
    expect(path('/:section/:slug/', 'hugo', {}, { ...file, section: 'blog' })).toBe('blog/first-part-the-beginning/');
    expect(path('/:section/:slug/', 'hugo')).toBe('posts/first-part-the-beginning/');
  });
});

describe('sectionOf', () => {
  it('gives the first folder below content/', () => {
    expect(sectionOf('/r', '/r/content/posts/x.md')).toBe('posts');
    expect(sectionOf('/r', '/r/content/posts/b/index.md')).toBe('posts');
    expect(sectionOf('/r', '/r/content/x.md')).toBeUndefined();
    expect(sectionOf('/r', '/r/_posts/x.md')).toBeUndefined();
  });
});

describe('pageFile', () => {
  it('gives index.html in a folder, or the .html page itself', () => {
    expect(pageFile('x/')).toBe('x/index.html');
    expect(pageFile('x')).toBe('x/index.html');
    expect(pageFile('2019/02/28/x/')).toBe('2019/02/28/x/index.html');
    expect(pageFile('x.html')).toBe('x.html');
    expect(pageFile('a/b.HTM')).toBe('a/b.HTM');
  });
});

describe('basePath', () => {
  it('is the path of site.url, with a slash at the end', () => {
    expect(basePath(blog)).toBe('/blog/');
    expect(basePath(config('https://x.example/blog'))).toBe('/blog/');
    expect(basePath(config('https://x.example'))).toBe('/');
  });
});

describe('belowBase', () => {
  it('takes a site-root path with or without the base path', () => {
    expect(belowBase('/blog/2019/02/28/x/', blog)).toBe('2019/02/28/x/');
    expect(belowBase('/2019/02/28/x/', blog)).toBe('2019/02/28/x/');
    expect(belowBase('/blogpost/x/', blog)).toBe('blogpost/x/');
  });

  it('takes the base itself, with or without its slash, as the home page', () => {
    expect(belowBase('/blog/', blog)).toBe('');
    expect(belowBase('/blog', blog)).toBe('');
    expect(belowBase('https://x.example/blog', blog)).toBe('');
  });

  it('takes absolute URLs of the same host, any scheme or case', () => {
    expect(belowBase('https://x.example/blog/a/', blog)).toBe('a/');
    expect(belowBase('http://x.example/blog/a/', blog)).toBe('a/');
    expect(belowBase('HTTPS://X.EXAMPLE/blog/a/', blog)).toBe('a/');
    expect(belowBase('//x.example/blog/a', blog)).toBe('a');
    expect(belowBase('https://x.example/a/', blog)).toBe('a/');
  });

  it('gives undefined for another host or a non-web address', () => {
    expect(belowBase('https://other.example/blog/a/', blog)).toBeUndefined();
    expect(belowBase('//other.example/blog/a', blog)).toBeUndefined();
    expect(belowBase('mailto:a@x.example', blog)).toBeUndefined();
  });

  it('decodes the path and drops the query and fragment', () => {
    expect(belowBase('/blog/a%20b/', blog)).toBe('a b/');
    expect(belowBase('/blog/a/?q=1#f', blog)).toBe('a/');
    expect(belowBase('/blog/%E0%A4%A/', blog)).toBeUndefined();
  });

  it('works on a site at the root', () => {
    const root = config('https://x.example/');
    expect(belowBase('/a/b/', root)).toBe('a/b/');
    expect(belowBase('/', root)).toBe('');
  });
});

describe('postPermalink', () => {
  it("gives a post's absolute URL from its path, and posts/<slug>/ for a post not built", () => {
    const site = { config: blog, posts: [{ slug: 'x', path: '2019/02/28/x/' }] } as unknown as Site;
    expect(postPermalink(site, 'x')).toBe('https://x.example/blog/2019/02/28/x/');
    expect(postPermalink(site, 'gone')).toBe('https://x.example/blog/posts/gone/');
  });
});
