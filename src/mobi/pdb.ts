// The Palm database container around every MOBI/AZW3 file (mobi-format.md §1).

/** Turn a title into the 31-byte ASCII database name readers ignore but must find. */
export function pdbName(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, '_')
    .slice(0, 31);
  return ascii || 'book';
}

/** Serialise the 78-byte header, the record list, 2 pad bytes and the records. */
export function writePdb(name: string, records: Buffer[], time: number): Buffer {
  const n = records.length;
  if (n > 0xffff) throw new Error(`PDB: ${n} records is more than the 65535 the format allows`);
  const head = Buffer.alloc(78 + 8 * n + 2);
  head.write(pdbName(name), 0, 31, 'latin1');
  head.writeUInt32BE(time >>> 0, 0x24);
  head.writeUInt32BE(time >>> 0, 0x28);
  head.write('BOOKMOBI', 0x3c, 'latin1');
  head.writeUInt32BE(2 * n - 1, 0x44);
  head.writeUInt16BE(n, 0x4c);
  let offset = head.length;
  for (let i = 0; i < n; i++) {
    head.writeUInt32BE(offset, 78 + 8 * i);
    // Attributes 0, then a 24-bit unique id of 2*i.
    head.writeUInt32BE((2 * i) & 0xffffff, 78 + 8 * i + 4);
    offset += records[i].length;
  }
  return Buffer.concat([head, ...records]);
}

export interface PdbFile {
  name: string;
  type: string;
  records: Buffer[];
}

/** Split a PDB file back into its records. */
export function readPdb(file: Buffer): PdbFile {
  if (file.length < 78) throw new Error('PDB: file shorter than the 78-byte header');
  const name = file.toString('latin1', 0, 32).replace(/\0.*$/s, '');
  const type = file.toString('latin1', 0x3c, 0x44);
  const n = file.readUInt16BE(0x4c);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(file.readUInt32BE(78 + 8 * i));
  const records = offsets.map((start, i) => {
    const end = i + 1 < n ? offsets[i + 1] : file.length;
    if (start > end || end > file.length) throw new Error(`PDB: record ${i} has a bad offset ${start}`);
    return file.subarray(start, end);
  });
  return { name, type, records };
}
