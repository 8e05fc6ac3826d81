import type { Box } from '../domain/geometry.ts';
import type { OcrEngine, OcrResult } from '../domain/ocr.ts';
import { cleanOcrText, type CleanOcrOptions } from './clean-ocr-text.ts';
import type { DecodeSubject } from '../image/decode-check.ts';
import { preprocessImage, type PreprocessOptions } from './preprocess-image.ts';
import { inReadingOrder } from './reading-order.ts';

export type OcrImageOptions = {
  preprocess?: PreprocessOptions;
  /** An image ingest did not decode, for preprocessing to report damage as ingest would. */
  decodeSubject?: DecodeSubject;
  clean?: CleanOcrOptions;
  /** Put the lines in reading order and group them into blocks (default true; see reading-order.ts). */
  readingOrder?: boolean;
};

/** Engines may report boxes reaching past the edge by a pixel; hits must stay on the image. */
function clampBox(box: Box, width: number, height: number): Box {
  const x = Math.min(box.x, width);
  const y = Math.min(box.y, height);
  return { x, y, w: Math.min(box.w, width - x), h: Math.min(box.h, height - y) };
}

/**
 * The OCR stage: preprocess, recognise, clean. Width, height and boxes refer to the image as
 * displayed, with its EXIF orientation applied, so a box drawn over the image in a browser
 * lands on the characters.
 */
export async function ocrImage(image: Buffer, engine: OcrEngine, options: OcrImageOptions = {}): Promise<OcrResult> {
  const prepared = await preprocessImage(image, options.preprocess, options.decodeSubject);
  const read = await engine.recognize(prepared.page);
  const ordered = options.readingOrder === false ? null : inReadingOrder(read);
  const raw = ordered?.raw ?? read;
  const cleaned = cleanOcrText(raw, options.clean, ordered?.lineBlocks);
  return {
    engine: raw.engine,
    languages: raw.languages,
    meanConfidence: raw.meanConfidence,
    width: prepared.width,
    height: prepared.height,
    text: cleaned.text,
    boxes: cleaned.boxes.map((box) => (box ? clampBox(box, prepared.width, prepared.height) : null)),
    ...(cleaned.blocks ? { blocks: cleaned.blocks.map((b) => ({ ...b, bbox: clampBox(b.bbox, prepared.width, prepared.height) })) } : {}),
    ...(ordered?.vertical ? { vertical: true } : {}),
    raw,
  };
}
