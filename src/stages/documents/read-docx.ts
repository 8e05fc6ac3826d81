import mammoth from 'mammoth';
import type { UnitWarning } from '../../domain/document-unit.ts';
import { InputError } from '../../errors.ts';
import type { DocumentImage } from './document-image.ts';
import { htmlText } from './html-text.ts';

/**
 * A Word file (.docx) to its text and its images, in document order. mammoth reads the
 * document's XML (paragraphs, tables, lists, footnotes) into plain HTML, which html-text.ts
 * reads as it reads a saved page; every embedded image is collected as mammoth meets it. Linked
 * files outside the document are never opened (externalFileAccess off).
 */
export type ReadDocument = { text: string; images: DocumentImage[]; warnings: UnitWarning[] };

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function readDocx(path: string, data: Buffer): Promise<ReadDocument> {
  const images: DocumentImage[] = [];
  let converted: { value: string; messages: { type: string; message: string }[] };
  try {
    converted = await mammoth.convertToHtml(
      { buffer: data },
      {
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async (image) => {
          images.push({ name: `image ${images.length + 1} (${image.contentType})`, data: await image.readAsBuffer() });
          return { src: `termlens-image:${images.length}` };
        }),
      },
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError('DOCX_UNREADABLE', `${path}: the Word file cannot be read (${detail})`, { cause: error });
  }
  const warnings = converted.messages
    .filter((m) => m.type === 'error')
    .map((m) => ({ code: 'DOCX_PART_UNREADABLE', message: m.message }));
  return { text: htmlText(converted.value).text, images, warnings };
}
