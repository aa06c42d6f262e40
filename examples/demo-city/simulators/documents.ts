/** Result documents (a licence, a decision letter) that a simulated system serves as small real PDFs. */

export interface ResultDocument {
  /** The document's title, as the department names it (e.g. 准予行政许可决定书). */
  title: string;
  fileName: string;
  url: string;
}

/**
 * A one-page PDF naming the document and its receipt. Only ASCII goes into the page (the base-14
 * fonts have no Chinese glyphs); the Chinese title stays in the result's metadata.
 */
export function documentPdf(fileName: string, receipt: string, decision: string): Buffer {
  const text = `onewindow-hub demo city - ${decision} - receipt ${receipt} - ${fileName}`.replace(/[^\x20-\x7e]|[()\\]/g, '?');
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
