import { PDFDict, PDFDocument, type PDFHexString, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfReadError, SkiaPdf } from '../../../src/pdf/pdf-file.ts';
import { pdfTextString, withDocumentInfo, withPrintDate } from '../../../src/pdf/pdf-update.ts';

/**
 * A three-page PDF laid out as Skia writes it: classic xref, a /Dests dictionary,
 * a two-level page tree; `info` is its information dictionary (object 8).
 */
function skiaLike(info = '<</Producer (Skia/PDF m156) /Title (Old)>>'): Buffer {
  const objects = [
    '<</Type /Catalog /Pages 2 0 R /Dests 7 0 R /Lang (en) /Outlines 10 0 R>>',
    '<</Type /Pages /Kids [3 0 R 6 0 R] /Count 3>>',
    '<</Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2>>',
    '<</Type /Page /Parent 3 0 R /MediaBox [0 0 432 648]>>',
    '<</Type /Page /Parent 3 0 R /MediaBox [0 0 432 648]>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 432 648]>>',
    '<</ch-1 [5 0 R /XYZ 50 600 0]\n/ch-2--sec#20one [6 0 R /XYZ 50 300 0]\n/ch-3--going-downstream [6 0 R /XYZ 50 100 0]\n/caf#25C3#25A9 [4 0 R /XYZ 0 0 0]>>',
    info,
    '<</Length 12 /Note (a >> b \\) c)>> stream\n<<>>endstream>>\nendstream',
    '<</Type /Outlines /First 11 0 R /Last 12 0 R /Count 3>>',
    '<</Title (Banks \\(old\\)Banks \\(old\\))\n/Parent 10 0 R /Next 12 0 R /First 13 0 R /Last 13 0 R /Count 1 /Dest [4 0 R /XYZ 0 0 0]>>',
    '<</Title <FEFF00E9>\n/Parent 10 0 R /Prev 11 0 R /Dest [5 0 R /XYZ 0 0 0]>>',
    '<</Title (Deeper)\n/Parent 11 0 R /Dest [5 0 R /XYZ 0 0 0]>>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<</Size ${objects.length + 1}\n/Root 1 0 R\n/Info 8 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}

describe('SkiaPdf', () => {
  it('should number pages in page-tree order', () => {
    const pdf = new SkiaPdf(skiaLike());
    expect([...pdf.pages()]).toEqual([
      [4, 0],
      [5, 1],
      [6, 2],
    ]);
  });
  it('should map named destinations to page indices, decoding #xx in names and the URL percent-encoding', () => {
    expect([...new SkiaPdf(skiaLike()).destinations()]).toEqual([
      ['ch-1', 1],
      ['ch-2--sec one', 2],
      ['ch-3--going-downstream', 2],
      ['café', 0],
    ]);
  });
  it('should read a dictionary that a stream follows, and one with strings holding brackets', () => {
    const pdf = new SkiaPdf(skiaLike());
    expect(pdf.object(9)).toBe('<</Length 12 /Note (a >> b \\) c)>>');
  });
  it('should refuse a file without a cross-reference table', () => {
    expect(() => new SkiaPdf(Buffer.from('%PDF-1.4\nnothing'))).toThrow(PdfReadError);
  });
});

describe('withDocumentInfo', () => {
  it('should read outline titles, literal and hex', () => {
    expect(new SkiaPdf(skiaLike()).outlineItems().map(([num, , title]) => [num, title])).toEqual([
      [11, 'Banks (old)Banks (old)'],
      [13, 'Deeper'],
      [12, 'é'],
    ]);
  });
  it('should replace the outline titles the caller repairs, and keep the others', async () => {
    const updated = withDocumentInfo(
      skiaLike(),
      { title: 'T' },
      { outlineTitle: (t) => (t === 'Banks (old)Banks (old)' ? 'Banks (old)' : t) },
    );
    expect(new SkiaPdf(updated).outlineItems().map(([, , title]) => title)).toEqual(['Banks (old)', 'Deeper', 'é']);
    const doc = await PDFDocument.load(updated, { updateMetadata: false });
    const first = doc.context.lookup(
      doc.context.lookup(doc.catalog.get(PDFName.of('Outlines')), PDFDict).get(PDFName.of('First')),
      PDFDict,
    );
    expect((first.get(PDFName.of('Title')) as PDFHexString).decodeText()).toBe('Banks (old)');
    expect(first.get(PDFName.of('Next'))?.toString()).toBe('12 0 R');
  });
  it('should cut the outline below the given depth and recount what stays', () => {
    const updated = withDocumentInfo(skiaLike(), { title: 'T' }, { outlineDepth: 1 });
    const pdf = new SkiaPdf(updated);
    expect(pdf.outlineItems().map(([, , title]) => title)).toEqual(['Banks (old)Banks (old)', 'é']);
    expect(pdf.object(11)).not.toMatch(/\/First|\/Last|\/Count/);
    expect(pdf.object(10)).toMatch(/\/Count 2\b/);
    // at depth 2 nothing is cut, and nothing is rewritten
    expect(withDocumentInfo(skiaLike(), { title: 'T' }, { outlineDepth: 2 }).toString('latin1')).not.toMatch(
      /\n11 0 obj[\s\S]*\n11 0 obj/,
    );
  });

  it('should encode text strings as UTF-16BE', () => {
    expect(pdfTextString('é')).toBe('<FEFF00E9>');
  });
  it('should append an update that readers take as the new information dictionary', async () => {
    const updated = withDocumentInfo(skiaLike(), {
      title: 'Título “quoted”',
      author: 'Ada',
      subject: 'About rivers',
      keywords: ['rivers', 'maps'],
      date: new Date('2024-05-01T10:00:00Z'),
    });
    const doc = await PDFDocument.load(updated, { updateMetadata: false });
    expect(doc.getTitle()).toBe('Título “quoted”');
    expect(doc.getAuthor()).toBe('Ada');
    expect(doc.getSubject()).toBe('About rivers');
    expect(doc.getKeywords()).toBe('rivers, maps');
    expect(doc.getProducer()).toBe('Skia/PDF m156');
    expect(doc.getCreationDate()?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(doc.getPageCount()).toBe(3);
    // the original bytes are a prefix: nothing Chromium wrote was touched
    expect(updated.subarray(0, skiaLike().length).equals(skiaLike())).toBe(true);
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en)');
    // and the updated file can itself be read again
    expect(new SkiaPdf(updated).destinations().get('ch-1')).toBe(1);
  });
});

describe('withDocumentInfo and the print time', () => {
  /** skiaLike() with Chromium's `dates` in its information dictionary. */
  const rebuilt = (dates: string) => skiaLike(`<</Producer (Skia/PDF m156)\n${dates}>>`);
  it('should write the book date over the print time, in place', () => {
    const a = withDocumentInfo(rebuilt("/CreationDate (D:20261203191242+00'00')\n/ModDate (D:20261203191242+00'00')"), {
      title: 'T',
      date: new Date('2025-06-01T08:30:05Z'),
    });
    const b = withDocumentInfo(rebuilt("/CreationDate (D:20261204010203+00'00')\n/ModDate (D:20261204010203+00'00')"), {
      title: 'T',
      date: new Date('2025-06-01T08:30:05Z'),
    });
    expect(a.equals(b)).toBe(true);
    const pdf = new SkiaPdf(a);
    expect(pdf.object(8)).toContain("/CreationDate (D:20250601083005+00'00')");
    expect(pdf.object(8)).toContain("/ModDate (D:20250601083005+00'00')");
    // every other object is where the table says
    expect(pdf.pages().size).toBe(3);
    expect(pdf.object(9)).toBe('<</Length 12 /Note (a >> b \\) c)>>');
  });
  it('should keep a date of another form, and the print time when the book has no date', () => {
    const odd = withDocumentInfo(rebuilt('/CreationDate (20261203)'), { title: 'T', date: new Date('2025-06-01T00:00:00Z') });
    expect(new SkiaPdf(odd).object(8)).toContain('/CreationDate (20261203)');
    const zulu = withDocumentInfo(rebuilt('/ModDate (D:20261203191242Z)'), {
      title: 'T',
      date: new Date('2025-06-01T00:00:00Z'),
    });
    expect(new SkiaPdf(zulu).object(8)).toContain('/ModDate (D:20250601000000Z)');
    const none = withDocumentInfo(rebuilt("/ModDate (D:20261203191242+01'00')"), { title: 'T' });
    expect(new SkiaPdf(none).object(8)).toContain("/ModDate (D:20261203191242+01'00')");
    const local = withDocumentInfo(rebuilt("/ModDate (D:20261203191242+01'00')"), {
      title: 'T',
      date: new Date('2025-06-01T00:00:00Z'),
    });
    expect(new SkiaPdf(local).object(8)).toContain("/ModDate (D:20250601000000+00'00')");
  });
  it('should write only the print time for a PDF that needs no other update (the summary)', () => {
    const chromium = rebuilt("/CreationDate (D:20261203191242+00'00')\n/ModDate (D:20261203191242+00'00')");
    const dated = withPrintDate(chromium, new Date('2025-06-01T08:30:05Z'));
    expect(dated.byteLength).toBe(chromium.byteLength);
    expect(new SkiaPdf(dated).object(8)).toBe(
      "<</Producer (Skia/PDF m156)\n/CreationDate (D:20250601083005+00'00')\n/ModDate (D:20250601083005+00'00')>>",
    );
    expect(chromium.toString('latin1')).toContain('D:20261203191242');
  });
});
