// Dates as blogs write them: `2019-02-28`, `2019-03-12 10:11:00 -0400` (Jekyll),
// `2021-04-03T09:00:00+02:00` (Hugo, TOML), `Jul 08 2022` (Astro's z.coerce.date),
// a YAML or TOML date, or the `YYYY-MM-DD-` prefix of a Jekyll file name.
// A date is kept as the writer's wall-clock time (as UTC), so the day a post
// shows and its /:year/:month/:day/ address are the ones written, whatever the
// offset and the machine's time zone.

/** A post's date: its wall-clock time as UTC, the offset as written when there was one. */
export interface PostDate {
  date: Date;
  /** Minutes east of UTC as written (`-0400` is -240); undefined when none was written. */
  offset?: number;
}

const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses a front matter date, or returns undefined when it is none of the forms blogs use. */
export function parseDate(value: unknown): PostDate | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : { date: value };
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    // a Unix time in seconds (some exports write dates this way)
    return value > 1e8 ? { date: new Date(value * 1000), offset: 0 } : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const m = ISO_LIKE.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
    const ms = Math.round(Number(`0.${frac}`) * 1000);
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
    if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
    if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
    return { date, offset: zone ? zoneMinutes(zone) : undefined };
  }
  // `Jul 08 2022`, `July 8, 2022`, `8 July 2022 10:00`: what JavaScript's Date reads,
  // taken as the wall-clock time written (Date reads them in the local zone)
  if (!/[a-z]{3}/i.test(text) || !/\d{4}/.test(text)) return undefined;
  const local = new Date(text);
  if (Number.isNaN(local.getTime())) return undefined;
  const hasZone = /(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$/i.test(text);
  const date = hasZone
    ? new Date(local.getTime() + wallShift(text))
    : new Date(
        Date.UTC(
          local.getFullYear(),
          local.getMonth(),
          local.getDate(),
          local.getHours(),
          local.getMinutes(),
          local.getSeconds(),
        ),
      );
  // Date rolls a day that does not exist into the next month (`Feb 30 2022` is March 2): refuse it
  const day = /(?<![\d:+-])(\d{1,2})(?![\d:])/.exec(text)?.[1];
  if (day !== undefined && Number(day) !== date.getUTCDate()) return undefined;
  return hasZone ? { date, offset: undefined } : { date };
}

function zoneMinutes(zone: string): number {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  // `+ 0`: -00:00 is offset 0, not -0
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) + 0;
}

/** For a written date with a zone (`Tue, 02 Mar 2021 10:00:00 +0100`): the shift back to its wall clock. */
function wallShift(text: string): number {
  const m = /([+-]\d{2}):?(\d{2})\s*$/.exec(text);
  return m ? zoneMinutes(`${m[1]}${m[2]}`) * 60_000 : 0;
}

/** The `YYYY-MM-DD` that starts a Jekyll post's file name (`2019-02-28-first-part.md`), as a date. */
export function dateFromFileName(name: string): PostDate | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[-_ ]/.exec(name);
  return m ? parseDate(m[1]) : undefined;
}

/** YYYY-MM-DD of a post date, as written. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
