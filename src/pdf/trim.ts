// Page geometry for each trim size named in the config (src/config/schema.ts).
import { type TrimSize, trimSizes } from '../config/constants.ts';

export interface PageGeometry {
  /** CSS lengths, as the config gives them. */
  width: string;
  height: string;
  margin: string;
  /** The same in inches, for image resolution and PDF page-size checks. */
  widthIn: number;
  heightIn: number;
  /** top, right, bottom, left in inches. */
  marginIn: [number, number, number, number];
  /** Width of the text block in inches. */
  textWidthIn: number;
  /** Height of the text block in inches. */
  textHeightIn: number;
}

const PER_INCH: Record<string, number> = { in: 1, mm: 25.4, cm: 2.54, pt: 72, px: 96 };

/** A CSS length in in/mm/cm/pt/px, converted to inches. */
export function toInches(length: string): number {
  const m = /^(-?[\d.]+)(in|mm|cm|pt|px)$/.exec(length.trim());
  if (!m) throw new Error(`Cannot read the length "${length}": use a number followed by in, mm, cm, pt or px.`);
  return Number(m[1]) / (PER_INCH[m[2] as string] as number);
}

export function pageGeometry(trim: TrimSize): PageGeometry {
  const t = trimSizes[trim];
  const parts = t.margin.split(/\s+/).map(toInches);
  // CSS shorthand: 1 to 4 values
  const [top, right = top, bottom = top, left = right] = parts as [number, number?, number?, number?];
  const widthIn = toInches(t.width);
  const heightIn = toInches(t.height);
  return {
    width: t.width,
    height: t.height,
    margin: t.margin,
    widthIn,
    heightIn,
    marginIn: [top, right, bottom, left],
    textWidthIn: widthIn - left - right,
    textHeightIn: heightIn - top - bottom,
  };
}

/** Pixel width of an image printed across the text block at 300 dpi. */
export function printImageWidth(trim: TrimSize, dpi = 300): number {
  return Math.round(pageGeometry(trim).textWidthIn * dpi);
}

/**
 * Characters a running head may have so it stays on one line, with room to spare.
 * The head is 8.5pt Source Sans 3 with 0.04em letter-spacing (templates/pdf.css);
 * its margin box is as wide as the text block (measured in Chromium: on 6x9 a head
 * broke after 318.7pt of the 345.6pt block). A title of mixed case measured 3.84pt a
 * character (83 characters in 318.7pt: "What the River Told Us About Patience, Silt, Floods
 * and the Slow Work of Keeping a"); 4.4pt is allowed for capitals and wide letters,
 * and a head is kept to 80% of the block so it reads as a head, not a line of text:
 * 6x9 → 62, A5 → 59, letter and A4 → 87 characters.
 */
export function headChars(trim: TrimSize): number {
  return Math.floor((pageGeometry(trim).textWidthIn * 72 * 0.8) / 4.4);
}

/** `title` cut at a word, with an ellipsis, to at most `max` characters. */
export function fitHead(title: string, max: number): string {
  const chars = [...title.trim()];
  if (chars.length <= max) return title.trim();
  let head = '';
  for (const word of title.trim().split(/\s+/)) {
    const next = head ? `${head} ${word}` : word;
    if ([...next].length + 1 > max) break;
    head = next;
  }
  // a first word longer than the budget is cut inside the word
  if (!head) head = chars.slice(0, max - 1).join('');
  return `${head.replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * Whether a landscape picture prints better turned a quarter on a page of its own
 * than upright across the text block. Upright, a 2:1 sketch on 6x9 is 4.8 × 2.4 in,
 * a third of the block; turned, it runs along the block's height (less 0.6 in for
 * its caption) and is 7.0 × 3.5 in, 2.1 times the area. Turned pages make the reader
 * turn the book, so only a picture that would fill less than 40% of the block
 * upright and gains at least 1.8 times the area is turned, and only if turned it is
 * still 40% of the block's width across: a banner or panorama of 4:1 or longer
 * stays upright (turned, a 20:1 strip would be a sliver 0.35 in wide alone on a page).
 */
export function turnedPage(trim: TrimSize, width: number, height: number): boolean {
  if (!(width > height && height > 0)) return false;
  const g = pageGeometry(trim);
  const aspect = width / height;
  const uprightHeight = g.textWidthIn / aspect;
  const turnedLength = Math.min(g.textHeightIn - 0.6, g.textWidthIn * aspect);
  const gain = (turnedLength * (turnedLength / aspect)) / (g.textWidthIn * uprightHeight);
  const turnedAcross = turnedLength / aspect;
  return uprightHeight / g.textHeightIn < 0.4 && gain >= 1.8 && turnedAcross >= 0.4 * g.textWidthIn;
}
