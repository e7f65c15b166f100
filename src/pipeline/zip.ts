// Zip timestamps for the EPUB and the release bundle.

/**
 * A zip timestamp is local time in MS-DOS form (APPNOTE 4.4.6) and fflate reads
 * the Date's local fields: giving it a Date whose local fields are the UTC time
 * of `modified` makes the bytes independent of the build machine's time zone.
 * DOS times start in 1980.
 */
export function zipTime(modified: string): Date {
  const t = new Date(modified);
  const valid = Number.isNaN(t.getTime()) ? new Date(Date.UTC(1980, 0, 1)) : t;
  const year = Math.max(1980, valid.getUTCFullYear());
  return new Date(
    year,
    valid.getUTCMonth(),
    valid.getUTCDate(),
    valid.getUTCHours(),
    valid.getUTCMinutes(),
    valid.getUTCSeconds(),
  );
}
