import path from 'node:path';
import type { UnitWarning } from '../../domain/document-unit.ts';
import { readInputFile } from '../../files/read-input-file.ts';
import type { DocumentImage } from './document-image.ts';
import { decodeHtml } from './html-charset.ts';
import { htmlText } from './html-text.ts';
import type { ReadDocument } from './read-docx.ts';

/**
 * A saved web page to its text and the images it shows. A browser's "save page" writes the
 * page's images into NAME_files/ beside it; those are read, and so are images inlined as data:
 * URLs. Nothing is fetched: an image on the web stays there (counted in a warning), and an
 * image path that leads out of the page's folder (../../etc/…) is not followed.
 */
export const HTML_MEDIA_TYPE = 'text/html';

type Found = { image: DocumentImage } | { warning: UnitWarning } | { remote: true };

function dataUrl(src: string): Buffer | undefined {
  const match = /^data:image\/[a-z0-9.+-]+(?:;[^,]*)?;base64,(.*)$/is.exec(src);
  return match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : undefined;
}

async function findImage(pagePath: string, src: string, maxImageBytes: number): Promise<Found> {
  if (/^data:/i.test(src)) {
    const data = dataUrl(src);
    return data && data.length > 0 ? { image: { name: 'an inline data: image', data } } : { warning: { code: 'IMAGE_UNSUPPORTED', message: 'an inline data: URL that is not a base64 image; not read' } };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return { remote: true };
  let relative: string;
  try {
    relative = decodeURIComponent(src.replace(/[?#].*$/s, ''));
  } catch {
    relative = src.replace(/[?#].*$/s, '');
  }
  const folder = path.dirname(path.resolve(pagePath));
  const file = path.resolve(folder, relative);
  const inside = path.relative(folder, file);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    return { warning: { code: 'IMAGE_OUTSIDE_PAGE', message: `image ${src} lies outside the page's folder; not read` } };
  }
  try {
    return { image: { name: inside, data: await readInputFile(file, { maxBytes: maxImageBytes, tooLargeCode: 'FILE_TOO_LARGE', what: 'images' }) } };
  } catch (error) {
    return { warning: { code: 'IMAGE_NOT_FOUND', message: `image ${src} is not beside the page (${error instanceof Error ? error.message : String(error)}); not read` } };
  }
}

export async function readHtml(pagePath: string, data: Buffer, maxImageBytes: number): Promise<ReadDocument> {
  const { text: html } = decodeHtml(data);
  const { text, imageSources } = htmlText(html);
  const images: DocumentImage[] = [];
  const warnings: UnitWarning[] = [];
  let remote = 0;
  for (const src of [...new Set(imageSources)]) {
    const found = await findImage(pagePath, src, maxImageBytes);
    if ('image' in found) images.push(found.image);
    else if ('warning' in found) warnings.push(found.warning);
    else remote++;
  }
  if (remote > 0) warnings.push({ code: 'IMAGES_NOT_FETCHED', message: `${remote} image${remote === 1 ? '' : 's'} on the web not fetched (termlens reads only what was saved beside the page)` });
  return { text, images, warnings };
}
