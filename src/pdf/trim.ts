// Page geometry for each trim size named in the config (src/config/schema.ts).
import { type TrimSize, trimSizes } from '../config/schema.ts';

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
