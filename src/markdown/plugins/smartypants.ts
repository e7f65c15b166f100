// Typographic quotes, dashes and ellipses, with the same results as
// remark-smartypants 3 (retext-smartypants 6 defaults) but without building a
// natural-language tree: that plugin parsed every text node with parse-latin
// (twice) and cost about half of each post's render time.
//
// retext-smartypants decides each straight quote from its neighbours in the
// parse-latin tree (previous, next and next-but-one node of the same sentence
// or word), so what "neighbour" means has to match: this module tokenises the
// text the way parse-latin does (runs of word, white space, punctuation and
// symbol characters), then replays the few rules that group tokens into words
// and sentences on flat arrays of ranges, and applies the quote rules to that.
// Differential tests against remark-smartypants (test/unit/markdown/
// smartypants.test.ts) keep the two in step.
import type { Nodes, Parents, Root, Text } from 'mdast';

const WS = 0;
const PUNCT = 1;
const SYM = 2;
const WORD = 3;
// A word's own text inside a merged word ("don" and "t" in "don't"): not a
// WordNode for the quote rules.
const TEXT = 4;

// Character classes of parse-latin 7: Unicode's White_Space, punctuation and
// letters, marks and numbers as of Unicode 15, except that it counts
// # % & * @ † ‡ ‰ ‱ ※ as symbols. Characters Unicode assigned later (which
// Node's regular expressions know) are symbols to it too; the test that holds
// these classes to parse-latin's lists every code unit and fails when a newer
// Node knows more.
const later = [
  [0x088f, 0x088f],
  [0x0897, 0x0897],
  [0x0c5c, 0x0c5c],
  [0x0cdc, 0x0cdc],
  [0x1acf, 0x1add],
  [0x1ae0, 0x1aeb],
  [0x1b4e, 0x1b4f],
  [0x1b7f, 0x1b7f],
  [0x1c89, 0x1c8a],
  [0xa7cb, 0xa7cf],
  [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4],
  [0xa7da, 0xa7dc],
  [0xa7f1, 0xa7f1],
];
const isLater = (code: number) => later.some(([from, to]) => code >= from && code <= to);
const wsRe = /\p{White_Space}/u;
const punctRe = /(?![#%&*@\u2020\u2021\u2030\u2031\u203B])\p{P}/u;
const wordRe = /[\p{L}\p{M}\p{N}]/u;
const numericRe = /\p{N}/u;
// ʕ was a lower-case letter until Unicode 16.
const lowerInitialRe = /^(?:(?![\u1C8A\uA7CD\uA7CF\uA7DB])\p{Ll}|\u0295)/u;
// Closing punctuation that stays with the sentence before it ("Hi." she said).
const affixRe = /[!"'.?\u2026\u203D\p{Pe}\p{Pf}]/u;
// Sentence-ending runs: . ! ? … ‽
const terminalRe = /^[!.?\u2026\u203D]/;
// Single marks that join two words into one (don't, e-mail, 3.5, a@b).
const inner = new Set([0x26, 0x27, 0x2d, 0x2e, 0x3a, 0x3d, 0x3f, 0x40, 0xad, 0xb7, 0x2010, 0x2011, 0x2019, 0x2027]);
// Words before a full stop that does not end a sentence ("c. 1900", "etc.").
const abbreviationRe =
  /^(?:[0-9]{1,3}|[a-z]|al|ca|cap|cca|cent|cf|cit|con|cp|cwt|ead|etc|ff|fl|ibid|id|nem|op|pro|seq|sic|stat|tem|viz)$/;

/** The classes above, for the tests that hold them to parse-latin's own tables. */
export const characterClasses = {
  /** The node type parse-latin would give the code unit alone. */
  type: (code: number) => ['WhiteSpaceNode', 'PunctuationNode', 'SymbolNode', 'WordNode'][classify(code)],
  whiteSpace: wsRe,
  punctuation: punctRe,
  word: wordRe,
  numeric: numericRe,
  lowerInitial: lowerInitialRe,
  affix: affixRe,
};

const classes = new Uint8Array(65536).fill(255);

function classify(code: number): number {
  let type = classes[code];
  if (type === 255) {
    const ch = String.fromCharCode(code);
    // A lone surrogate matches none of the classes: parse-latin sees a symbol.
    type = isLater(code) ? SYM : wsRe.test(ch) ? WS : punctRe.test(ch) ? PUNCT : wordRe.test(ch) ? WORD : SYM;
    classes[code] = type;
  }
  return type;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Raw tokens: parallel arrays of type, start and end offsets into `text`. */
interface Tokens {
  text: string;
  type: number[];
  start: number[];
  end: number[];
}

function tokenize(text: string): Tokens {
  const type: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let from = 0;
  let previousType = -1;
  let previous = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const current = classify(code);
    if (
      index > from &&
      !(current === previousType && (current === WORD || current === WS || code === previous || isSurrogate(code)))
    ) {
      type.push(previousType);
      start.push(from);
      end.push(index);
      from = index;
    }
    previousType = current;
    previous = code;
  }
  if (text.length > from) {
    type.push(previousType);
    start.push(from);
    end.push(text.length);
  }
  return { text, type, start, end };
}

/** A node of the sentence: one raw token, or a word spanning tokens `a` to `b - 1`. */
interface Unit {
  type: number;
  a: number;
  b: number;
}

interface Sentence {
  units: Unit[];
}

type ParagraphChild = Sentence | Unit;

const isSentence = (node: ParagraphChild | undefined): node is Sentence => node !== undefined && 'units' in node;

class Structure {
  readonly tokens: Tokens;
  constructor(tokens: Tokens) {
    this.tokens = tokens;
  }

  value(unit: Unit): string {
    const { text, start, end } = this.tokens;
    return text.slice(start[unit.a], end[unit.b - 1]);
  }

  /** The single character of a one-character mark, or -1. */
  mark(unit: Unit | undefined): number {
    if (!unit || (unit.type !== PUNCT && unit.type !== SYM)) return -1;
    const { text, start, end } = this.tokens;
    return end[unit.a] - start[unit.a] === 1 ? text.charCodeAt(start[unit.a]) : -1;
  }

  /** A mark that can join two words: one of `inner`, or a run of underscores. */
  private inner(unit: Unit): boolean {
    if (unit.type !== PUNCT && unit.type !== SYM) return false;
    const code = this.tokens.text.charCodeAt(this.tokens.start[unit.a]);
    return code === 0x5f || (this.mark(unit) === code && inner.has(code));
  }

  /** Words merged across marks, as parse-latin's sentence plugins do, in their order. */
  words(): Unit[] {
    const { type, text } = this.tokens;
    const amp = text.includes('&');
    const hyphen = text.includes('-');
    let units: Unit[] = type.map((t, i) => ({ type: t, a: i, b: i + 1 }));
    const isWord = (unit: Unit | undefined) => unit !== undefined && unit.type === WORD;

    // "&" before a word with no word before it joins that word.
    let out: Unit[] = [];
    for (let i = 0; i < units.length && amp; i++) {
      const unit = units[i];
      if (this.mark(unit) === 0x26 && !isWord(out[out.length - 1]) && isWord(units[i + 1])) {
        units[i + 1].a = unit.a;
        continue;
      }
      out.push(unit);
    }
    if (amp) units = out;

    // "-" after a word and not before one ends that word.
    out = [];
    for (let i = 0; i < units.length && hyphen; i++) {
      const unit = units[i];
      const last = out[out.length - 1];
      if (this.mark(unit) === 0x2d && isWord(last) && !isWord(units[i + 1])) {
        last.b = unit.b;
        continue;
      }
      out.push(unit);
    }
    if (hyphen) units = out;

    // Words joined by inner marks (don't, e-mail, a.b.c).
    out = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      const last = out[out.length - 1];
      if ((unit.type === PUNCT || unit.type === SYM) && isWord(last)) {
        let lastWord = -1;
        for (let j = i; j < units.length; j++) {
          const next = units[j];
          if (next.type === WORD) lastWord = j;
          else if (!this.inner(next)) break;
        }
        if (lastWord >= 0) {
          last.b = units[lastWord].b;
          i = lastWord;
          continue;
        }
      }
      out.push(unit);
    }
    units = out;

    // Short words around a slash (w/o, and/or is too long).
    if (!text.includes('/')) return this.initialisms(units);
    out = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      const last = out[out.length - 1];
      if (this.mark(unit) === 0x2f && isWord(last)) {
        const next = units[i + 1];
        const nextLength = isWord(next) ? this.value(next).length : 0;
        if (this.value(last).length < 3 && nextLength < 3) {
          last.b = isWord(next) ? next.b : unit.b;
          if (isWord(next)) i++;
          continue;
        }
      }
      out.push(unit);
    }
    return this.initialisms(out);
  }

  /** Initialisms: the final full stop of "e.g" or "U.S" joins the word. */
  private initialisms(units: Unit[]): Unit[] {
    if (!this.tokens.text.includes('.')) return units;
    const isWord = (unit: Unit | undefined) => unit !== undefined && unit.type === WORD;
    const out: Unit[] = [];
    for (const unit of units) {
      const last = out[out.length - 1];
      if (unit.type === PUNCT && this.mark(unit) === 0x2e && isWord(last) && this.initialism(last)) {
        last.b = unit.b;
        continue;
      }
      out.push(unit);
    }
    return out;
  }

  private initialism(word: Unit): boolean {
    const { text, start, end } = this.tokens;
    const count = word.b - word.a;
    if (count === 1 || count % 2 === 0) return false;
    let allDigits = true;
    for (let position = count - 1; position >= 0; position--) {
      const token = word.a + position;
      const value = text.slice(start[token], end[token]);
      if (position % 2 === 0) {
        if (value.length > 1) return false;
        if (!numericRe.test(value)) allDigits = false;
      } else if (value !== '.') {
        if (position < count - 2) break;
        return false;
      }
    }
    return !allDigits;
  }

  /** Sentences and the white space between them, as parse-latin's paragraph plugins leave them. */
  sentences(units: Unit[]): ParagraphChild[] {
    const children: ParagraphChild[] = [];
    let current: Unit[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      current.push(unit);
      if (i === units.length - 1 || (unit.type === PUNCT && terminalRe.test(this.tokens.text[this.tokens.start[unit.a]]))) {
        children.push({ units: current });
        current = [];
      }
    }

    // A sentence without words joins the one before it (or else the one after).
    iterate(children, (child, index) => {
      if (!isSentence(child) || child.units.some((u) => u.type === WORD)) return;
      const previous = children[index - 1];
      if (isSentence(previous)) {
        previous.units.push(...child.units);
        children.splice(index, 1);
        return index;
      }
      const next = children[index + 1];
      if (isSentence(next)) {
        next.units.unshift(...child.units);
        children.splice(index, 1);
      }
    });

    // Closing marks right after a sentence's end belong to it: `"Stop!"`.
    iterate(children, (child, index) => {
      if (!isSentence(child) || child.units.length === 0 || index === 0) return;
      const previous = children[index - 1];
      const first = child.units[0];
      if (
        isSentence(previous) &&
        (first.type === PUNCT || first.type === SYM) &&
        affixRe.test(this.tokens.text[this.tokens.start[first.a]])
      ) {
        child.units.shift();
        previous.units.push(first);
        return index - 1;
      }
    });

    // A sentence whose first word is lower case continues the one before it.
    iterate(children, (child, index) => {
      if (!isSentence(child) || index === 0) return;
      const previous = children[index - 1];
      if (child.units.length === 0 || !isSentence(previous)) return;
      for (const unit of child.units) {
        if (unit.type === WORD) {
          if (!lowerInitialRe.test(this.value(unit))) return;
          previous.units.push(...child.units);
          children.splice(index, 1);
          return index;
        }
        if (unit.type === PUNCT || unit.type === SYM) return;
      }
    });

    // So does one that starts with a digit.
    iterate(children, (child, index) => {
      const previous = children[index - 1];
      if (!isSentence(previous) || !isSentence(child)) return;
      const head = child.units[0];
      if (head && head.type === WORD && /^\d/.test(this.value(head))) {
        previous.units.push(...child.units);
        children.splice(index, 1);
        return index;
      }
    });

    // An abbreviation's full stop does not end the sentence.
    iterate(children, (child, index) => {
      if (!isSentence(child) || child.units.length < 2) return;
      const period = child.units[child.units.length - 1];
      const word = child.units[child.units.length - 2];
      if (
        (period.type === PUNCT || period.type === SYM) &&
        this.value(period) === '.' &&
        word.type === WORD &&
        abbreviationRe.test(this.value(word).toLowerCase())
      ) {
        word.b = period.b;
        child.units.pop();
        const next = children[index + 1];
        if (isSentence(next)) {
          child.units.push(...next.units);
          children.splice(index + 1, 1);
          return index - 1;
        }
      }
    });

    // Nor does a comma or semicolon starting the next one.
    iterate(children, (child, index) => {
      const previous = children[index - 1];
      if (!isSentence(previous) || !isSentence(child) || child.units.length === 0) return;
      for (const unit of child.units) {
        if (unit.type === WORD) return;
        if (unit.type === PUNCT || unit.type === SYM) {
          const value = this.value(unit);
          if (value !== ',' && value !== ';') return;
          previous.units.push(...child.units);
          children.splice(index, 1);
          return index;
        }
      }
    });

    for (const child of children) if (isSentence(child)) this.mergeFullStops(child.units);

    // White space at either end of a sentence sits between sentences.
    for (let index = 0; index < children.length; index++) {
      const child = children[index];
      if (isSentence(child) && child.units[0]?.type === WS) children.splice(index, 0, child.units.shift()!);
    }
    iterate(children, (child, index) => {
      if (!isSentence(child)) return;
      const tail = child.units[child.units.length - 1];
      if (tail && tail.type === WS) {
        child.units.pop();
        children.splice(index + 1, 0, tail);
        return index;
      }
    });

    // A blank line inside a sentence ends it.
    iterate(children, (child, index) => {
      if (!isSentence(child)) return;
      const units = child.units;
      for (let position = 1; position < units.length - 1; position++) {
        const unit = units[position];
        if (unit.type !== WS || this.value(unit).split(/\r\n|\r|\n/).length < 3) continue;
        child.units = units.slice(0, position);
        children.splice(index + 1, 0, unit, { units: units.slice(position + 1) });
        return index + 1;
      }
    });

    return children.filter((child) => !isSentence(child) || child.units.length > 0);
  }

  /** Full stops that are not the sentence's last terminal mark join a word beside them. */
  private mergeFullStops(units: Unit[]): void {
    let found = false;
    for (let position = units.length - 1; position >= 0; position--) {
      const unit = units[position];
      if (unit.type !== PUNCT && unit.type !== SYM) {
        if (unit.type === WORD) found = true;
        continue;
      }
      if (!terminalRe.test(this.tokens.text[this.tokens.start[unit.a]])) continue;
      if (!found) {
        found = true;
        continue;
      }
      if (this.value(unit) !== '.') continue;
      const previous = units[position - 1];
      const next = units[position + 1];
      if (previous && previous.type === WORD) {
        const nextNext = units[position + 2];
        if (next && nextNext && next.type === WS && this.value(nextNext) === '.') continue;
        units.splice(position, 1);
        previous.b = unit.b;
        position--;
      } else if (next && next.type === WORD) {
        units.splice(position, 1);
        next.a = unit.a;
      }
    }
  }
}

/**
 * Walks `list` like parse-latin's modifiers (array-iterate): a returned number is
 * the next index to visit, so a modifier can look at a node again after a merge.
 */
function iterate<T>(list: T[], modifier: (item: T, index: number) => number | undefined): void {
  let index = -1;
  while (++index < list.length) {
    // A modifier may send the walk before the start; array-iterate skips the hole.
    if (index < 0) continue;
    const result = modifier(list[index], index);
    if (typeof result === 'number') index = result - 1;
  }
}

/** What a quote rule sees of a neighbour: its type and its text. */
interface Neighbour {
  type: number;
  value: string;
  /** Raw token index when the neighbour is a single mark, else -1. */
  token: number;
}

const OPEN = ['“', '‘'];
const CLOSE = ['”', '’'];

/**
 * Straight quotes in `text` made curly, judged by the same neighbours as
 * retext-smartypants' `quotes` option. Same length as `text`.
 */
export function educateQuotes(text: string): string {
  if (text.indexOf('"') < 0 && text.indexOf("'") < 0) return text;
  const tokens = tokenize(text);
  const structure = new Structure(tokens);
  const replaced = new Map<number, string>();

  const neighbour = (list: Unit[] | null, words: boolean, index: number, from: Unit): Neighbour | undefined => {
    if (list) {
      const unit = list[index];
      if (!unit) return undefined;
      return { type: unit.type, value: structure.value(unit), token: unit.type === WORD ? -1 : unit.a };
    }
    // Inside a word: its raw tokens are the siblings, and its word text is not a WordNode.
    const token = from.a + index;
    if (!words || token < from.a || token >= from.b) return undefined;
    const type = tokens.type[token];
    return {
      type: type === WORD ? TEXT : type,
      value: text.slice(tokens.start[token], tokens.end[token]),
      token,
    };
  };

  const decide = (token: number, previous?: Neighbour, next?: Neighbour, nextNext?: Neighbour) => {
    if (replaced.has(token)) return;
    const quote = text[tokens.start[token]] === '"' ? 0 : 1;
    const isMark = (n?: Neighbour) => n !== undefined && (n.type === PUNCT || n.type === SYM);
    let value: string;
    if (isMark(next) && (!nextNext || nextNext.type !== WORD)) {
      value = CLOSE[quote];
    } else if (isMark(next) && (next!.value === '"' || next!.value === "'") && nextNext && nextNext.type === WORD) {
      // Nested opening quotes: He said, "'Quoted' words".
      value = OPEN[quote];
      replaced.set(next!.token, OPEN[next!.value === '"' ? 0 : 1]);
    } else if (next && /^\d\ds$/.test(next.value)) {
      // Decades: the '80s.
      value = CLOSE[quote];
    } else if (previous && (previous.type === WS || isMark(previous)) && next && next.type === WORD) {
      value = OPEN[quote];
    } else if (previous && previous.type !== WS && !isMark(previous)) {
      value = CLOSE[quote];
    } else if (!next || next.type === WS || (quote === 1 && next.value === 's')) {
      value = CLOSE[quote];
    } else {
      value = OPEN[quote];
    }
    replaced.set(token, value);
  };

  const isQuote = (token: number) => {
    if (tokens.end[token] - tokens.start[token] !== 1) return false;
    const ch = text[tokens.start[token]];
    return ch === '"' || ch === "'";
  };

  for (const child of structure.sentences(structure.words())) {
    if (!isSentence(child)) continue;
    const units = child.units;
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      if (unit.type === WORD) {
        for (let token = unit.a; token < unit.b; token++) {
          if (tokens.type[token] === WORD || !isQuote(token)) continue;
          const at = token - unit.a;
          decide(
            token,
            neighbour(null, true, at - 1, unit),
            neighbour(null, true, at + 1, unit),
            neighbour(null, true, at + 2, unit),
          );
        }
      } else if (isQuote(unit.a)) {
        decide(
          unit.a,
          neighbour(units, false, i - 1, unit),
          neighbour(units, false, i + 1, unit),
          neighbour(units, false, i + 2, unit),
        );
      }
    }
  }

  if (replaced.size === 0) return text;
  let out = '';
  let from = 0;
  for (const [token, value] of [...replaced].sort((x, y) => x[0] - y[0])) {
    out += text.slice(from, tokens.start[token]) + value;
    from = tokens.end[token];
  }
  return out + text.slice(from);
}

// Dot runs separated by white space, three or more: the only case where
// ellipses depend on the sentence structure.
const spacedDots = /\.\p{White_Space}+\.+\p{White_Space}+\./u;
// A symbol run (backticks) goes on through the surrogate halves after it.
const runs = /-+|`+[\uD800-\uDFFF]*|'+|\.{3,}/g;

function simpleRun(run: string): string {
  if (run === '--') return '—';
  if (run === '``') return '“';
  if (run === "''") return '”';
  if (run.length >= 3 && run[0] === '.') return '…';
  return run;
}

/**
 * Dashes (`--`), ellipses (`...`, `. . .`) and double backticks or double
 * apostrophes (` `` `, `''`) in one text node, as retext-smartypants does them.
 */
export function educatePunctuation(text: string): string {
  if (!/[-.`']/.test(text)) return text;
  if (!spacedDots.test(text)) return text.replace(runs, simpleRun);
  return spacedPunctuation(text);
}

// With spaced dots retext-smartypants removes the dots and spaces before the last
// one and, as a side effect of editing the list it walks, skips as many nodes
// after it; reproduce both on the real sentence structure.
function spacedPunctuation(text: string): string {
  const tokens = tokenize(text);
  const structure = new Structure(tokens);
  const values: (string | null)[] = tokens.type.map((_, i) => text.slice(tokens.start[i], tokens.end[i]));
  const isDots = (unit: Unit | undefined) =>
    unit !== undefined && (unit.type === PUNCT || unit.type === SYM) && /^\.+$/.test(values[unit.a] ?? '');
  for (const child of structure.sentences(structure.words())) {
    if (!isSentence(child)) continue;
    const units = child.units;
    for (let index = 0; index < units.length; index++) {
      const unit = units[index];
      if (unit.type === WORD) continue;
      if (isDots(unit)) {
        const removed: Unit[] = [];
        let position = index;
        let count = 1;
        while (--position > 0) {
          if (units[position].type !== WS) break;
          const space = units[position];
          const dots = units[--position];
          if (isDots(dots)) {
            removed.push(space, dots);
            count++;
            continue;
          }
          break;
        }
        if (count >= 3) {
          units.splice(index - removed.length, removed.length);
          for (const gone of removed) values[gone.a] = null;
          values[unit.a] = '…';
        }
      }
      const value = values[unit.a]!;
      if (/^\.{3,}$/.test(value)) values[unit.a] = '…';
      else if (value === '``') values[unit.a] = '“';
      else if (value === "''") values[unit.a] = '”';
      else if (value === '--') values[unit.a] = '—';
    }
  }
  return values.join('');
}

const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

/** Text and inline code of one block, in order; the code only as context. */
function gather(node: Nodes, texts: (Text | null)[], parts: string[]): void {
  if (node.type === 'text') {
    texts.push(node);
    parts.push(node.value);
  } else if (node.type === 'inlineCode') {
    // Code is never changed, but counts as a word beside a quote: `x`'s.
    parts.push('A'.repeat(node.value.length));
    texts.push(null);
  } else if ('children' in node) {
    for (const child of node.children) gather(child as Nodes, texts, parts);
  }
}

function educateBlock(block: Parents): void {
  const texts: (Text | null)[] = [];
  const parts: string[] = [];
  for (const child of block.children) gather(child as Nodes, texts, parts);
  const educated = educateQuotes(parts.join(''));
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = parts[i].length;
    const node = texts[i];
    if (node) node.value = educatePunctuation(educated.slice(offset, offset + length));
    offset += length;
  }
}

function walk(node: Nodes): void {
  if (BLOCKS.has(node.type)) {
    educateBlock(node as Parents);
    return;
  }
  if ('children' in node) for (const child of node.children) walk(child as Nodes);
}

/**
 * remark plugin: curly quotes, em dashes, ellipses. Quotes are judged across
 * the inline nodes of a block (`"*Hi*"`), so a quote before a link opens and
 * the one after it closes; code, HTML and math keep their text.
 */
export function remarkSmartQuotes() {
  return (tree: Root) => walk(tree);
}

/** One paragraph of plain text, educated like a block of a post. */
export function smartenText(text: string): string {
  return educatePunctuation(educateQuotes(text));
}

/**
 * Front matter text (titles, summaries) with the same typographic quotes and
 * dashes as the body, as plain text: "Don't" becomes "Don’t" everywhere.
 */
export function smartText(text: string): string {
  // The text as one paragraph, not parsed: "1. First" or "# Tag" in a title stay as written.
  return smartenText(text).replace(/\s+/g, ' ').trim();
}
