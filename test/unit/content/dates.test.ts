// Post dates as blogs write them, kept as the writer's wall-clock time.
import { afterEach, describe, expect, it } from 'vitest';
import { dateFromFileName, dayOf, parseDate } from '../../../src/content/dates.ts';

const iso = (value: unknown) => parseDate(value)?.date.toISOString();

describe('parseDate', () => {
  it('reads a day', () => {
    expect(parseDate('2019-02-28')).toEqual({ date: new Date('2019-02-28T00:00:00Z'), offset: undefined });
  });

  it("keeps Jekyll's date, time and offset as the wall-clock time written", () => {
    expect(parseDate('2019-03-12 10:11:00 -0400')).toEqual({ date: new Date('2019-03-12T10:11:00Z'), offset: -240 });
  });

  it('keeps an ISO date-time with an offset as written', () => {
    expect(parseDate('2021-04-03T09:00:00+02:00')).toEqual({ date: new Date('2021-04-03T09:00:00Z'), offset: 120 });
    expect(parseDate('2021-04-03 09:00:00 +05:30')).toEqual({ date: new Date('2021-04-03T09:00:00Z'), offset: 330 });
    expect(parseDate('2021-04-03T09:00:00.5+0530')).toEqual({ date: new Date('2021-04-03T09:00:00.500Z'), offset: 330 });
  });

  it('reads Z, UTC and -00:00 as offset 0, and no zone as no offset', () => {
    expect(parseDate('2021-04-03T09:00:00Z')?.offset).toBe(0);
    expect(parseDate('2021-04-03T09:00:00 UTC')?.offset).toBe(0);
    expect(parseDate('2021-04-03T09:00:00-00:00')?.offset).toBe(0);
    expect(parseDate('2021-04-03 09:00')).toEqual({ date: new Date('2021-04-03T09:00:00Z'), offset: undefined });
  });

  it('keeps milliseconds of a long fraction', () => {
    expect(iso('2021-04-03T09:00:00.123456Z')).toBe('2021-04-03T09:00:00.123Z');
  });

  it('reads single-digit months and days, and trims spaces', () => {
    expect(iso('2019-1-5')).toBe('2019-01-05T00:00:00.000Z');
    expect(iso('  2019-02-28 ')).toBe('2019-02-28T00:00:00.000Z');
  });

  it("reads Astro's written-out dates", () => {
    expect(iso('Jul 08 2022')).toBe('2022-07-08T00:00:00.000Z');
    expect(iso('July 8, 2022')).toBe('2022-07-08T00:00:00.000Z');
    expect(iso('8 July 2022 10:00')).toBe('2022-07-08T10:00:00.000Z');
  });

  it('keeps the wall-clock time of a written-out date with a zone', () => {
    expect(iso('Tue, 02 Mar 2021 10:00:00 +0100')).toBe('2021-03-02T10:00:00.000Z');
  });

  it('refuses days that do not exist', () => {
    expect(parseDate('2019-02-30')).toBeUndefined();
    expect(parseDate('2019-02-29')).toBeUndefined();
    expect(parseDate('2019-04-31')).toBeUndefined();
    expect(parseDate('2019-13-01')).toBeUndefined();
    expect(parseDate('2019-00-10')).toBeUndefined();
    expect(iso('2020-02-29')).toBe('2020-02-29T00:00:00.000Z');
  });

  it('refuses times that do not exist', () => {
    expect(parseDate('2021-04-03T24:00:00')).toBeUndefined();
    expect(parseDate('2021-04-03T09:60:00')).toBeUndefined();
    expect(parseDate('2021-04-03T09:00:61')).toBeUndefined();
  });

  it('refuses written-out days that do not exist, instead of rolling into the next month', () => {
    expect(parseDate('Feb 30 2022')).toBeUndefined();
    expect(parseDate('April 31, 2022')).toBeUndefined();
    expect(iso('Feb 28 2022')).toBe('2022-02-28T00:00:00.000Z');
  });

  it('refuses text that is not a date', () => {
    for (const value of ['yesterday', '2022', 'Last Modified', '', '2021-04-03T09:00:00+2', 'abc 2022x', '2019-02-28x']) {
      expect(parseDate(value), value).toBeUndefined();
    }
  });

  it('takes a Date as it is, and refuses an invalid one', () => {
    const d = new Date('2020-01-02T03:04:05Z');
    expect(parseDate(d)).toEqual({ date: d });
    expect(parseDate(new Date('nope'))).toBeUndefined();
  });

  it('reads a large number as Unix seconds, and refuses small ones', () => {
    expect(parseDate(1650000000)).toEqual({ date: new Date(1650000000 * 1000), offset: 0 });
    expect(parseDate(20220101)).toBeUndefined();
    expect(parseDate(0)).toBeUndefined();
    expect(parseDate(Number.NaN)).toBeUndefined();
    expect(parseDate(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('refuses other kinds of values', () => {
    for (const value of [true, null, undefined, {}, ['2020-01-01']]) expect(parseDate(value)).toBeUndefined();
  });
});

describe('parseDate in other time zones', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('gives the same wall-clock dates whatever the machine zone', () => {
    const values = [
      'Jul 08 2022',
      'July 8, 2022',
      '8 July 2022 10:00',
      'Tue, 02 Mar 2021 10:00:00 +0100',
      '2019-03-12 10:11:00 -0400',
    ];
    process.env.TZ = 'UTC';
    const utc = values.map(iso);
    for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata']) {
      process.env.TZ = zone;
      expect(values.map(iso), zone).toEqual(utc);
    }
  });

  it('keeps the day of a late written-out time with a zone ahead of the machine', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(iso('Jul 08 2022 23:30:00 GMT+0200')).toBe('2022-07-08T23:30:00.000Z');
  });
});

describe('dateFromFileName', () => {
  it('reads the YYYY-MM-DD that starts a Jekyll file name', () => {
    expect(dateFromFileName('2019-02-28-first-part.md')).toEqual({ date: new Date('2019-02-28T00:00:00Z'), offset: undefined });
    expect(dateFromFileName('2019-02-28_first.md')?.date.toISOString()).toBe('2019-02-28T00:00:00.000Z');
    expect(dateFromFileName('2019-02-28 first.md')?.date.toISOString()).toBe('2019-02-28T00:00:00.000Z');
  });

  it('gives none for a name without a date, a date alone, or a day that does not exist', () => {
    expect(dateFromFileName('first.md')).toBeUndefined();
    expect(dateFromFileName('2019-02-28.md')).toBeUndefined();
    expect(dateFromFileName('19-02-28-x.md')).toBeUndefined();
    expect(dateFromFileName('2019-02-30-x.md')).toBeUndefined();
  });
});

describe('dayOf', () => {
  it('gives the day written', () => {
    expect(dayOf(parseDate('2019-03-12 23:59:00 -0400')!.date)).toBe('2019-03-12');
    expect(dayOf(parseDate('2021-04-03T00:30:00+01:00')!.date)).toBe('2021-04-03');
  });
});
