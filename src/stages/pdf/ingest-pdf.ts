import { createHash } from 'node:crypto';
import { InputError } from '../../errors.ts';
import { readInputFile } from '../../files/read-input-file.ts';

/** The PDF header may follow up to 1 KB of junk (ISO 32000-2, 7.5.2); viewers accept it so. */
const HEADER_WINDOW = 1024;
const PDF_HEADER = Buffer.from('%PDF-', 'latin1');

export const PDF_MEDIA_TYPE = 'application/pdf';

export function isPdf(head: Uint8Array): boolean {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, HEADER_WINDOW + PDF_HEADER.length)).includes(PDF_HEADER);
}

export type PdfSource = { path: string; sha256: string; bytes: number; mediaType: typeof PDF_MEDIA_TYPE };

/** Reads a PDF whole, with its size bounded first; its sha256 names every page it yields. */
export async function ingestPdf(path: string, maxBytes: number): Promise<{ source: PdfSource; data: Buffer }> {
  const data = await readInputFile(path, { maxBytes, tooLargeCode: 'FILE_TOO_LARGE', what: 'documents' });
  if (!isPdf(data)) throw new InputError('UNSUPPORTED_TYPE', `${path}: is not a PDF (no %PDF- header)`);
  return {
    source: { path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length, mediaType: PDF_MEDIA_TYPE },
    data,
  };
}
