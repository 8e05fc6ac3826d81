import type { DocumentOutcome } from '../domain/document-result.ts';
import { documentKind } from '../stages/documents/document-kind.ts';
import { DOCX_MEDIA_TYPE, readDocx } from '../stages/documents/read-docx.ts';
import { HTML_MEDIA_TYPE, readHtml } from '../stages/documents/read-html.ts';
import { readInputFile } from '../files/read-input-file.ts';
import { annotateImage } from './annotate-image.ts';
import { annotateTextFile } from './annotate-text-file.ts';
import { annotateSections, type SectionsContext } from './documents/annotate-sections.ts';
import { annotatePdf, type PdfContext } from './pdf/annotate-pdf.ts';

/**
 * Any file `annotate` accepts, to its outcomes in order: one for a screenshot or a text file,
 * one per page for a PDF, one per section for a Word file or a saved web page. Thrown errors
 * are the file's own (it could not be read at all); a page or section that fails alone is an
 * outcome of its own.
 */
export type DocumentContext = PdfContext & SectionsContext & { maxImageBytes: number };

export async function annotateDocument(path: string, ctx: DocumentContext, emit: (outcome: DocumentOutcome) => void): Promise<void> {
  const kind = await documentKind(path);
  if (kind === 'pdf') return annotatePdf(path, ctx, emit);
  if (kind === 'image') return emit(await annotateImage(path, ctx));
  if (kind === 'text') return emit(await annotateTextFile(path, ctx));
  const data = await readInputFile(path, { maxBytes: ctx.maxDocumentBytes, tooLargeCode: 'FILE_TOO_LARGE', what: 'documents' });
  if (kind === 'docx') return annotateSections({ path, data, mediaType: DOCX_MEDIA_TYPE }, await readDocx(path, data), ctx, emit);
  return annotateSections({ path, data, mediaType: HTML_MEDIA_TYPE }, await readHtml(path, data, ctx.maxImageBytes), ctx, emit);
}
