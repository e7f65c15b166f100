// Reads a zip back with yauzl (an independent implementation from fflate, which wrote it).
import yauzl from 'yauzl';

export interface ZipMember {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Raw MS-DOS date and time fields of the central directory entry. */
  dosDate: number;
  dosTime: number;
}

export function readZip(buffer: Buffer): Promise<ZipMember[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: ZipMember[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({
              name: entry.fileName,
              data: Buffer.concat(chunks),
              method: entry.compressionMethod,
              dosDate: entry.lastModFileDate,
              dosTime: entry.lastModFileTime,
            });
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
