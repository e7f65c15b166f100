// A post's front matter, from the block at the top of the file to postbound's
// fields: parsed (YAML, TOML or JSON), mapped from the generator's names,
// defaulted (the date from a Jekyll file name) and validated. Unknown fields are
// kept in `data`; with `strict` they are errors; a near miss of a known field
// is a warning with "did you mean".
import { basename } from 'node:path';
import type { Position } from 'unist';
import { VFile } from 'vfile';
import type { Config, FrontMatter } from '../config/schema.ts';
import { dateFromFileName, dayOf } from './dates.ts';
import { COLLECTION_TAGS, didYouMean, type FieldTarget, fieldMap, mapFields } from './fields.ts';
import type { FrontMatterCache } from './front-cache.ts';
import { parseFrontMatterData, splitFrontMatter } from './front-matter.ts';
import { report } from './messages.ts';
import { validateYaml } from './yaml.ts';

export interface FrontParse {
  front: FrontMatter;
  /** Every field as written, for templates (`post.data`). */
  data: Record<string, unknown>;
  valid: boolean;
  /** The post with its front matter blanked out (lines kept), for the markdown pipeline. */
  body: VFile;
  positionOf: (path: PropertyKey[]) => Position;
}

/** How front matter is read in this project: the generator's preset with the config's own names on top. */
export interface FrontContext {
  map: Record<string, FieldTarget>;
  strict: boolean;
  collectionTags: string[];
  /** Keys read in any case (Hugo). */
  foldCase: boolean;
  /** A post without a title takes one from its file name, as Jekyll does (other generators' blogs). */
  titleFromName: boolean;
  /** Part of the front matter cache's key: the same text reads differently under another map. */
  key: string;
}

export function frontContext(config: Config, strict?: boolean): FrontContext {
  const map = fieldMap(config.content.generator, config.frontMatter.fields);
  const isStrict = strict ?? config.frontMatter.strict;
  const collectionTags = COLLECTION_TAGS[config.content.generator] ?? [];
  const foldCase = config.content.generator === 'hugo';
  const titleFromName = config.content.generator !== 'postbound';
  const key = JSON.stringify([map, isStrict, collectionTags, foldCase, titleFromName]);
  return { map, strict: isStrict, collectionTags, foldCase, titleFromName, key };
}

/** Eleventy's date keywords: the file's own times. */
const FILE_DATES: Record<string, 'modified' | 'created'> = {
  'last modified': 'modified',
  'git last modified': 'modified',
  created: 'created',
  'git created': 'created',
};

/**
 * The front matter of one post; its messages go on `file`. Undefined when the
 * file has no front matter block (reported as `missing` says).
 */
export async function parseFront(
  file: VFile,
  text: string,
  fronts: FrontMatterCache,
  ctx: FrontContext,
  missing: 'error' | 'skip',
  /** The file's own times, asked for only when a date must come from them (a Jekyll draft, Eleventy's "Last Modified"). */
  fileTimes: () => { modified: Date; created: Date } = () => ({ modified: new Date(0), created: new Date(0) }),
): Promise<FrontParse | undefined> {
  const rel = file.path;
  const block = splitFrontMatter(text);
  if (!block) {
    if (missing === 'error') {
      report(file, 'front-matter-missing', `${rel} has no front matter`, {
        start: { line: 1, column: 1 },
        end: { line: 1, column: 1 },
      });
    } else {
      report(
        file,
        'post-skipped',
        `${rel} has no front matter, so it is not a post`,
        { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        'info',
      );
    }
    return undefined;
  }
  // Blank out the front matter but keep its lines, so markdown positions match the file.
  const blanked = block.raw.replace(/[^\n]/g, '') + text.slice(block.raw.length);
  const body = new VFile({ path: rel, cwd: file.cwd, value: blanked });
  const named = dateFromFileName(basename(rel));
  const cacheKey = `${ctx.key}\0${named ? dayOf(named.date) : ''}\0${block.source}`;
  const known = fronts.get(cacheKey);
  if (known) {
    // valid before, so parsing it again reports nothing: only a later problem
    // (a duplicate slug, a missing sketch) needs the positions of its keys
    let parsed: ReturnType<typeof parseFrontMatterData> | undefined;
    const positionOf = (path: PropertyKey[]) => {
      parsed ??= parseFrontMatterData(new VFile(), block);
      return parsed.positionOf(sourceOf(path, known.source));
    };
    return { front: known.front, data: known.data, valid: true, body, positionOf };
  }
  // the schema (zod) is loaded by the first front matter that is not in the cache
  const { frontMatterSchema, frontMatterStrictSchema } = await import('../config/schema.ts');
  const before = file.messages.length;
  const parsed = parseFrontMatterData(file, block);
  const mapped = parsed.value
    ? mapFields(parsed.value, ctx.map, { collectionTags: ctx.collectionTags, foldCase: ctx.foldCase })
    : undefined;
  const positionOf = (path: PropertyKey[]) => parsed.positionOf(sourceOf(path, mapped?.source ?? {}));
  let checked: FrontMatter | undefined;
  // a date from the file's times is not a property of the text: not cached
  let fromFile = false;
  if (mapped) {
    if (mapped.fields.date === undefined && named) mapped.fields.date = dayOf(named.date);
    const special = typeof mapped.fields.date === 'string' ? FILE_DATES[mapped.fields.date.trim().toLowerCase()] : undefined;
    if (mapped.fields.date === undefined || special) {
      // Jekyll dates a draft by its file; Eleventy's `date: Last Modified` / `Created` say so
      const times = fileTimes();
      if (special || /(^|\/)_drafts\//.test(rel)) {
        mapped.fields.date = (special === 'created' ? times.created : times.modified).toISOString();
        fromFile = true;
      }
    }
    if (mapped.fields.title === undefined && ctx.titleFromName) mapped.fields.title = titleFromFileName(rel);
    // a mapped field whose value is not what postbound's field takes (`excerpt: false`,
    // `image: true`) means something else to the blog's theme: left out, with a warning
    for (const [target, from] of Object.entries(mapped.source)) {
      const shape = frontMatterStrictSchema.shape[target as keyof typeof frontMatterStrictSchema.shape];
      // title and date are required: a wrong one is an error that says what it must be
      if (from === target || target === 'title' || target === 'date' || !shape) continue;
      if (shape.safeParse(mapped.fields[target]).success) continue;
      report(
        file,
        'field-ignored',
        `\`${from}: ${JSON.stringify(parsed.value?.[from])}\` is not a ${target} postbound can use; it is left out`,
        parsed.positionOf([from]),
        'warning',
      );
      delete mapped.fields[target];
    }
    for (const key of mapped.unknown) {
      const guess = didYouMean(key, [...Object.keys(frontMatterStrictSchema.shape), ...Object.keys(ctx.map)]);
      if (ctx.strict) {
        const also = guess ? ` (did you mean \`${guess}\`?)` : '';
        report(file, 'front-matter-invalid', `Unknown field \`${key}\` in the front matter${also}`, parsed.positionOf([key]));
      } else if (guess) {
        report(
          file,
          'unknown-field',
          `Unknown field \`${key}\`: did you mean \`${guess}\`?`,
          parsed.positionOf([key]),
          'warning',
        );
      }
    }
    const result = validateYaml(
      file,
      { ok: true, value: mapped.fields, positionOf },
      frontMatterSchema,
      'front-matter-invalid',
      'the front matter',
    );
    checked = ctx.strict && mapped.unknown.length ? undefined : result;
    if (checked && !fromFile && file.messages.length === before)
      fronts.set(cacheKey, { front: checked, data: mapped.data, source: mapped.source });
  }
  // A post whose front matter is wrong is still read, so that the problems in
  // its body are reported in the same run; it is left out of the site.
  const front: FrontMatter = checked ?? {
    title: basename(rel),
    // the file name's date, so that the post's address is known as far as it can be
    date: named ? dayOf(named.date) : '1970-01-01',
    tags: [],
    draft: false,
    authors: [],
    aliases: [],
  };
  return { front, data: mapped?.data ?? {}, valid: checked !== undefined, body, positionOf };
}

/** Jekyll's title for a post without one: its file (or bundle) name, words capitalised. */
function titleFromFileName(rel: string): string {
  const parts = rel.split('/');
  const name = /^index\.[^.]+$/i.test(parts.at(-1)!) && parts.length > 1 ? parts.at(-2)! : parts.at(-1)!;
  const words = name
    .replace(/\.[^.]+$/, '')
    .replace(/^\d{4}-\d{2}-\d{2}[-_]/, '')
    .split(/[-_\s]+/)
    .filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || name;
}

/** The written name of a field that came from another name (`excerpt` for summary), for positions. */
function sourceOf(path: PropertyKey[], source: Partial<Record<FieldTarget, string>>): PropertyKey[] {
  const [first, ...rest] = path;
  const from = typeof first === 'string' ? source[first as FieldTarget] : undefined;
  return from ? [from, ...rest] : path;
}
