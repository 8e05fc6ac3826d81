import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.ts';
import { describeContent, detectType } from '../../files/describe-content.ts';
import { isPdf } from '../pdf/ingest-pdf.ts';

/**
 * Which reader a file goes to. Content decides where it can (a PDF by its header, wherever the
 * name; an image by its magic bytes); names decide only among text formats (.html, .txt), which
 * have no magic. A file named .pdf or .docx whose content is not one is refused, saying what it
 * looks like. A file that cannot be opened goes to the image reader, which reports why exactly
 * as it always has.
 */
export type DocumentKind = 'pdf' | 'docx' | 'html' | 'text' | 'image';

const SNIFF_BYTES = 4096;
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

async function head(file: string): Promise<Buffer | undefined> {
  try {
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) return undefined;
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** describeContent speaks of images ("…, not an image"); here the file was meant to be a document. */
function looksLike(bytes: Buffer, detected: Awaited<ReturnType<typeof detectType>>): string {
  return describeContent(bytes, detected).replace(/, not (?:a raster image|an image)$/, '');
}

export async function documentKind(file: string): Promise<DocumentKind> {
  const bytes = await head(file);
  if (!bytes || bytes.length === 0) return 'image';
  if (isPdf(bytes)) return 'pdf';
  const ext = path.extname(file).toLowerCase();
  const detected = await detectType(bytes);
  const isImage = detected?.mime.startsWith('image/');
  if (ext === '.pdf' && !isImage) {
    throw new InputError('UNSUPPORTED_TYPE', `${file}: is named .pdf but is not a PDF: it ${looksLike(bytes, detected)}`);
  }
  if (ext === '.docx') {
    if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return 'docx';
    throw new InputError('UNSUPPORTED_TYPE', `${file}: is named .docx but is not a Word file (a zip): it ${looksLike(bytes, detected)}`);
  }
  if (isImage) return 'image';
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') return 'html';
  if (ext === '.txt') return 'text';
  return 'image';
}
