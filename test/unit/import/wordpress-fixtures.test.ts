// The two WordPress exports of test/fixtures/wordpress (classic editor, block
// editor), imported with their uploads folder: every element, shortcode, block
// and meta field in them is converted or reported, and each defect a real
// export showed is checked on the markdown written.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport, type ImportReport, importFeed } from '../../../src/import/index.ts';
import { tempDir } from './media-fixture.ts';
import { makeUploads, WORDPRESS } from './uploads-fixture.ts';

interface Imported {
  dir: string;
  report: ImportReport;
  post: (slug: string) => string;
}

async function importWith(name: string, media?: string): Promise<Imported> {
  const dir = tempDir();
  const report = await importFeed({ file: join(WORDPRESS, name), dir, media });
  const post = (slug: string) => {
    const file = readdirSync(join(dir, 'content/posts')).find((f) => f.endsWith(`-${slug}.md`));
    return readFileSync(join(dir, 'content/posts', file as string), 'utf8');
  };
  return { dir, report, post };
}

/**
 * What the export holds, read with regular expressions rather than the
 * importer's parser: per post slug, every element name, shortcode name, block
 * name and meta key, in the ledger's kind names.
 */
function kindsInExport(name: string): Map<string, Set<string>> {
  const xml = readFileSync(join(WORDPRESS, name), 'utf8');
  const out = new Map<string, Set<string>>();
  for (const [item] of xml.matchAll(/<item>[\s\S]*?<\/item>/g)) {
    if (!item.includes('<wp:post_type><![CDATA[post]]>')) continue;
    const slug = /<wp:post_name><!\[CDATA\[([^\]]+)\]\]>/.exec(item)?.[1] as string;
    const content = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(item)?.[1] ?? '';
    const kinds = new Set<string>();
    const html = content.replace(/<!--[\s\S]*?-->/g, '');
    for (const m of html.matchAll(/<([a-z][a-z0-9]*)[\s/>]/g)) kinds.add(`<${m[1]}>`);
    for (const m of content.matchAll(/(?<!\[)\[([a-z][\w-]*)[\s\]]/g)) kinds.add(`[${m[1]}]`);
    for (const m of content.matchAll(/<!-- wp:([a-z][\w/-]*)/g)) kinds.add(`wp:${m[1]}`);
    if (content.includes('<!--more-->')) kinds.add('wp:more');
    for (const m of item.matchAll(/<wp:meta_key><!\[CDATA\[([^\]]+)\]\]>/g)) kinds.add(`meta ${m[1]}`);
    if (/<wp:comment_type><!\[CDATA\[comment\]\]>/.test(item)) kinds.add('comments');
    if (/<wp:post_password><!\[CDATA\[[^\]]/.test(item)) kinds.add('password');
    out.set(slug, kinds);
  }
  return out;
}

let uploads: string;
let classic: Imported;
let block: Imported;

beforeAll(async () => {
  uploads = await makeUploads();
  classic = await importWith('classic.xml', uploads);
  block = await importWith('block.xml', uploads);
}, 60_000);

describe.each(['classic.xml', 'block.xml'])('%s: nothing vanishes', (name) => {
  it('should convert or report every element, shortcode, block and meta field of every post', () => {
    const { report } = name === 'classic.xml' ? classic : block;
    const summary = formatReport(report);
    const inExport = kindsInExport(name);
    expect(inExport.size).toBeGreaterThanOrEqual(4);
    for (const [slug, kinds] of inExport) {
      const seen = report.ledger.seen.get(slug);
      expect(seen, slug).toBeDefined();
      for (const kind of kinds) {
        const outcomes = seen?.get(kind);
        expect(outcomes, `${slug}: ${kind} neither converted nor reported`).toBeDefined();
        if (outcomes?.has('lost')) {
          // reported with the post's slug, and counted on the summary line
          const said = report.ledger.losses.some((l) => l.post === slug && l.kind === kind);
          expect(said, `${slug}: ${kind} lost without a message`).toBe(true);
          expect(summary).toMatch(new RegExp(`Not converted \\(reported below\\): .*${reEscape(kind)} \\d`));
        } else if (outcomes?.has('converted')) {
          expect(summary).toMatch(new RegExp(`Converted: .*${reEscape(kind)} \\d`));
        } else expect(summary).toMatch(new RegExp(`Ignored \\(WordPress bookkeeping\\): .*${reEscape(kind)} \\d`));
      }
    }
  });
});

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('classic-editor export', () => {
  it('should write tab-indented lists as items without a stray backslash', () => {
    const md = classic.post('ropes-and-knots');
    expect(md).toContain(
      '- Bowline: a loop that does not slip\n- Clove hitch: quick to a post\n  - and quicker to undo\n- Reef knot: for reefing, and nothing else\n',
    );
    expect(md).toContain('1. Clove hitch\n2. Bowline\n');
    expect(md).not.toMatch(/^\s*(?:-|\d+\.) \\/m);
    expect(md).toContain('Three knots cover most of what a small boat needs.\\\nThe rest is *practice*.\n');
  });

  it('should keep [caption] captions, from the text and from the older attribute', () => {
    const md = classic.post('ropes-and-knots');
    expect(md).toContain('![A bowline in blue rope](../images/2023-05-bowline.jpg "The bowline, dressed & set")');
    expect(md).toContain('![A cleat](../images/2023-05-cleat.png "Old-style caption attribute")');
  });

  it('should take each resized copy from its original in the uploads folder', async () => {
    const stored = await sharp(join(classic.dir, 'content/images/2023-05-bowline.jpg')).metadata();
    expect([stored.width, stored.height]).toEqual([640, 400]);
    expect(readdirSync(join(classic.dir, 'content/images'))).not.toContain('2023-05-bowline-300x200.jpg');
    // a GIF stays a GIF: the build reads it
    expect((await sharp(join(classic.dir, 'content/images/2023-06-trailer.gif')).metadata()).format).toBe('gif');
  });

  it('should make [gallery] (by ids, and of the attached images) into figures with the attachments’ captions', () => {
    const md = classic.post('a-day-of-pictures');
    const slipway = '![The slipway, wet and empty](../images/2023-06-slipway.jpg "Low water, first light")';
    const trailer = '![](../images/2023-06-trailer.gif "The trailer, half in the water")';
    expect(md.split(slipway)).toHaveLength(3);
    expect(md.split(trailer)).toHaveLength(3);
    expect(md).not.toContain('[gallery');
  });

  it('should make [audio], [video], [embed], auto-embeds and [playlist] links that say what they are', () => {
    const md = classic.post('sounds-and-moving-pictures');
    expect(md).toContain(
      'Audio: [foghorn.mp3](https://classic.example.org/wp-content/uploads/2023/07/foghorn.mp3) (a recording; follow the link to listen to it)\n',
    );
    expect(md).toContain('![Poster frame of the video](../images/2023-07-launch-poster.jpg)\n\nVideo: [launch.mp4](');
    expect(md).toContain('Video: [mooring.webm](https://classic.example.org/wp-content/uploads/2023/07/mooring.webm)');
    expect(md).toContain('Embedded on YouTube: <https://www.youtube.com/watch?v=Xq7Race2023>');
    expect(md).toContain('Embedded on Vimeo: <https://vimeo.com/123456789>');
    expect(md).toContain('Audio: [Foghorn recording](');
    expect(md).toContain('Audio: [Gulls](');
    expect(md).not.toMatch(/\[(?:audio|video|embed|playlist)/);
  });

  it('should report the shortcode it does not know, with the post’s slug', () => {
    const messages = classic.report.file.messages.map((m) => `${m.ruleId}: ${m.reason}`);
    expect(messages).toContain(
      'import-shortcode: sounds-and-moving-pictures: shortcode [contact-form-7 id="90" title="Contact"] kept as text',
    );
  });

  it('should report custom fields and the featured image, and count WordPress’s bookkeeping', () => {
    const lost = classic.report.ledger.losses.map((l) => `${l.post}: ${l.kind}`);
    expect(lost).toContain('ropes-and-knots: meta weather');
    // the featured image of this post is also in its gallery: nothing is lost
    expect(lost).not.toContain('a-day-of-pictures: meta _thumbnail_id');
    expect(classic.report.ledger.converted.get('meta _thumbnail_id')).toBe(1);
    expect(lost).toContain('formatting-in-the-log: wp:more');
    // one approved comment; the pingback is not a comment anyone wrote there
    expect(formatReport(classic.report)).toContain('ropes-and-knots: 1 approved comment was not imported');
    expect(classic.report.ledger.ignored.get('meta _edit_last')).toBe(1);
    expect(formatReport(classic.report)).toContain(
      'ropes-and-knots: the custom field "weather" ("Force 4, gusting 6") was not imported',
    );
  });

  it('should keep sub, sup, kbd, mark and abbr, the address lines, both tables and clean emphasis', () => {
    const md = classic.post('formatting-in-the-log');
    expect(md).toContain('title: "Formatting in the log"');
    expect(md).toContain('H<sub>2</sub>O and NaCl; the hull is 2<sup>3</sup> metres');
    expect(md).toContain('<kbd>Ctrl</kbd>+<kbd>S</kbd>');
    expect(md).toContain('The <mark>important</mark> bit: <abbr title="Royal National Lifeboat Institution">RNLI</abbr>');
    expect(md).toContain('Aligned: *Left,* then *Right,* and *Center* done.');
    expect(md).toContain('Harbour Office\\\n1 Quay Street\n\n### After the address');
    expect(md).toMatch(/<tfoot>\n<tr><td>Source<\/td><td>the harbour office<\/td><\/tr><\/tfoot>/);
    // a table without a header is not given an empty one
    expect(md).toContain('<tr><td>Keel</td><td>1.2 m</td></tr>');
    expect(md).not.toMatch(/\|\s+\|\s+\|/);
    expect(md).toContain('```\n  bow\n    |\n  stern\n```');
    expect(md).toMatch(/<\/table>\n\nTides this week\n/);
    expect(md).toContain(
      'The <abbr title="Global Positioning System">GPS</abbr> said one thing, the chart another; the skipper said "trust the chart".',
    );
    // <big> is presentation: its text stays, and the import says its markup went
    expect(classic.report.ledger.losses.map((l) => `${l.post}: ${l.kind}`)).toContain('formatting-in-the-log: <big>');
    expect(md).not.toMatch(/&#x|&amp;|&nbsp;/);
  });

  it('should import a password-protected post as a draft, and say so', () => {
    expect(classic.post('mooring-fees')).toContain('draft: true');
    expect(classic.report.ledger.losses.map((l) => `${l.post}: ${l.kind}`)).toContain('mooring-fees: password');
  });

  it('should decode titles and summaries once', () => {
    expect(classic.post('ropes-and-knots')).toContain('title: "Ropes & knots"');
    expect(classic.post('ropes-and-knots')).toContain('summary: "Three knots & one rule."');
    expect(classic.post('sounds-and-moving-pictures')).toContain('title: "Sounds & moving pictures"');
  });
});

describe('block-editor export', () => {
  it('should keep block image and gallery captions, and decode the title once', () => {
    const md = block.post('beans-and-frames');
    expect(md).toContain('title: "Beans & frames"');
    expect(md).toContain('summary: "Poles, string & patience."');
    expect(md).toContain('![A bean frame of hazel poles](../images/2024-04-frame.jpg "Hazel poles, tied at the top & braced")');
    expect(md).toContain('![Bean seedlings](../images/2024-04-seedlings.webp "Seedlings, day ten")');
    expect(md).toContain('![Red bean flowers](../images/2024-04-flowers.png "First flowers")\n\nApril on the plot');
    expect(md).toContain('![The shed](../images/2024-04-shed.jpg)\n\nThe shed, where the string lives.');
    expect(md).toContain('- Eight poles\n- String, *lots* of it\n');
  });

  it('should keep block and image captions without --media too, beside the link to the picture', async () => {
    const bare = await importWith('block.xml');
    const md = bare.post('beans-and-frames');
    expect(md).toContain('(Hazel poles, tied at the top & braced)');
    expect(md).toContain('(Seedlings, day ten)');
    expect(md).toContain('(First flowers)');
  });

  it('should give footnotes their text from the post’s footnotes meta', () => {
    const md = block.post('soil-notes');
    expect(md).toContain('Clay holds water[^1] and sand lets it go[^2].');
    expect(md).toContain('[^1]: Ask anyone who has dug it in *February*.');
    expect(md).toContain('[^2]: See [the sand chart](https://soil.example.net/sand) & weep.');
    expect(md).not.toMatch(/5d1f3c2e|e3a9b6d0/);
    expect(md).toContain('## A <mark>marked</mark> heading');
    expect(md).toContain('N<sub>2</sub>; the bed is 10<sup>2</sup> square feet.');
  });

  it('should keep verse lines and emphasis, preformatted emphasis, details, columns, tables and buttons', () => {
    const md = block.post('verse-tables-buttons');
    expect(md).toContain('title: "Verse, tables & buttons"');
    expect(md).toMatch(
      /Rain on the \*shed\* roof,\\\n\u00a0\u00a0slugs on the \[beans\]\(2024-04-01-beans-and-frames\.md\),\\\nJune\./,
    );
    expect(md).toContain('<pre>Bed   Crop\n1     <strong>beans</strong>\n2     leeks</pre>');
    expect(md).toContain('```\nwater = rain < 10 ? "yes" : "no"\n```');
    expect(md).toContain('<details>\n<summary>Why hazel?</summary>\n\nIt grows back when you cut it.\n\n</details>');
    expect(md).toMatch(/<div class="wp-block-column">\n\nLeft column: the beans\.\n\n<\/div>/);
    expect(md).toMatch(/<div class="wp-block-column">\n\nRight column: the leeks\.\n\n<\/div>/);
    expect(md).toContain('<tfoot>\n<tr><td>Total</td><td>5</td></tr></tfoot>');
    expect(md).toContain('<tr><td>Plot</td><td>14b</td></tr>');
    expect(md).toContain('\nFill, no link\n');
    expect(md).not.toContain('[Fill, no link]()');
    expect(md).toContain('[Seed shop](https://blocks.example.org/shop/)');
    expect(md).toContain("> The best fertiliser is the gardener's shadow.\n>\n> — An old saying");
    expect(md).toContain('Aligned: *Left,* then *Right,* and *Center*; keys <kbd>Alt</kbd>');
    expect(md).not.toMatch(/&#x|&amp;|&nbsp;/);
  });

  it('should make embeds, video and audio into links that say what the reader is missing, with the poster', () => {
    const md = block.post('watching-the-plot');
    expect(md).toContain(
      'Video on YouTube: [A tour of the plot in July](https://www.youtube.com/watch?v=Pl0tTour24) (a video; follow the link to watch it)',
    );
    expect(md).toContain('Video on Vimeo: <https://vimeo.com/987654321>');
    expect(md).toContain(
      '![Poster frame of the video: Beans climbing, one frame an hour](../images/2024-07-timelapse-poster.jpg "Beans climbing, one frame an hour")',
    );
    expect(md).toContain('Video: [Rain on the water butt](https://blocks.example.org/wp-content/uploads/2024/07/rain.mp4)');
    expect(md).toContain('\n\nAudio: [The robin that follows the spade](');
    expect(md).toContain('[Plot plan](https://blocks.example.org/wp-content/uploads/2024/07/plot-plan.pdf)');
    expect(md).not.toContain('Download');
    expect(md).not.toMatch(/https?\\:|www\\\./);
    expect(block.post('watching-the-plot')).toContain('(https://www.example.com/path_with_underscores?a=1&b=2)');
  });

  it('should report what a block export cannot give: dynamic blocks, the more break, title markup', () => {
    const lost = block.report.ledger.losses.map((l) => `${l.post}: ${l.kind}`);
    expect(lost).toEqual(
      expect.arrayContaining([
        'watching-the-plot: wp:latest-posts',
        'watching-the-plot: wp:more',
        'watching-the-plot: [contact-form-7]',
        'verse-tables-buttons: title markup',
        'beans-and-frames: meta _thumbnail_id',
      ]),
    );
    const ids = block.report.file.messages.map((m) => m.ruleId);
    expect(ids).toContain('import-lost');
  });

  it('should change nothing on a second import, and plan without writing on a dry run', async () => {
    const again = await importFeed({ file: join(WORDPRESS, 'block.xml'), dir: block.dir, media: uploads });
    expect(again.posts.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const dry = tempDir();
    const plan = await importFeed({ file: join(WORDPRESS, 'block.xml'), dir: dry, media: uploads, dryRun: true });
    expect(plan.posts.map((p) => p.action)).toEqual(['add', 'add', 'add', 'add']);
    expect(readdirSync(dry)).toEqual([]);
  });
});
