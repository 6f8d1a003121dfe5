import { PDFDocument } from 'pdf-lib';

/** One PDF of several one-page PDFs (each page keeps its own paper size, fonts and images). */
export async function mergePdfs(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = await PDFDocument.create();
  out.setCreator('KeTu 客图');
  out.setProducer('KeTu 客图 (Chromium, pdf-lib)');
  for (const bytes of parts) {
    const doc = await PDFDocument.load(bytes);
    const pages = await out.copyPages(doc, doc.getPageIndices());
    for (const p of pages) out.addPage(p);
  }
  return out.save();
}
