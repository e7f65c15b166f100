// Variable-width integers and trailing entries (mobi-format.md §3.3–3.4).
// Seven bits per byte, most significant group first. Forward vwis (INDX entries,
// CNCX lengths, TBS values) mark their LAST byte with 0x80; backward vwis (trailing
// entry sizes, read from the end of a record) mark their FIRST byte.

function groups(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`vwi: ${value} is not a non-negative integer`);
  const g: number[] = [];
  do {
    g.unshift(value % 128);
    value = Math.floor(value / 128);
  } while (value > 0);
  return g;
}

export function forwardVwi(value: number): Buffer {
  const g = groups(value);
  g[g.length - 1] |= 0x80;
  return Buffer.from(g);
}

export function backwardVwi(value: number): Buffer {
  const g = groups(value);
  g[0] |= 0x80;
  return Buffer.from(g);
}

/** Read a forward vwi at `offset`; returns the value and the bytes it took. */
export function readForwardVwi(buf: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let i = offset;
  for (;;) {
    if (i >= buf.length) throw new Error('vwi: ran past the buffer end');
    const b = buf[i++];
    value = value * 128 + (b & 0x7f);
    if (b & 0x80) return { value, length: i - offset };
  }
}

/** Read a backward vwi that ends right before `end` (at most 4 bytes, as readers do). */
export function readBackwardVwi(buf: Uint8Array, end: number): number {
  let value = 0;
  let shift = 0;
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const b = buf[i];
    value |= (b & 0x7f) << shift;
    shift += 7;
    if (b & 0x80) break;
  }
  return value;
}

/** `<data><size>` where size (a backward vwi) counts the whole entry, itself included. */
export function trailingEntry(data: Uint8Array): Buffer {
  let n = 1;
  while (backwardVwi(data.length + n).length !== n) n++;
  return Buffer.concat([data, backwardVwi(data.length + n)]);
}

/** A forward vwi of `(value << 3) | flags`, the TBS building block (§3.5). */
export function tbsValue(value: number, flags: number): Buffer {
  return forwardVwi(value * 8 + flags);
}
