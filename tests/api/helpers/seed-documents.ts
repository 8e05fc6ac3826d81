import { createHash } from 'node:crypto';
import type { OcrResult } from '../../../src/domain/ocr.ts';
import { runAnalysisJob } from '../../../src/queue/analysis-job.ts';
import type { TextContext } from '../../../src/pipeline/text-context.ts';
import type { BlobStore } from '../../../src/store/blob-store.ts';
import type { Store } from '../../../src/store/store.ts';
import type { ApiTestEnv } from './api-env.ts';

/**
 * A document as the pipeline leaves it, without running OCR: an OCR result with one box per
 * character (20 px apart on one line), then the real analysis stage with the real glossary.
 * The blob is a real PNG of the right size, so the image route has something to serve.
 */
export const XSS_TEXT = '<img src=x onerror=alert(1)>';
export const SEED_TEXT = `青田县公安局在海外设立警侨驿站，聘请侨领担任海外联络员。${XSS_TEXT}`;

/** An OCR result for `text`: one box per character, 20 px apart on one line. */
export function ocrOf(text: string): OcrResult {
  const chars = [...text];
  const boxes = chars.map((_, i) => ({ x: 10 + i * 20, y: 10, w: 18, h: 20 }));
  return {
    engine: 'tesseract.js',
    languages: ['chi_sim', 'chi_tra'],
    meanConfidence: 90,
    width: 20 * chars.length + 20,
    height: 40,
    text,
    boxes,
    raw: {
      engine: 'tesseract.js',
      languages: ['chi_sim', 'chi_tra'],
      text,
      meanConfidence: 90,
      lines: [{ symbols: chars.map((ch, i) => ({ text: ch, box: boxes[i]!, confidence: 90 })), wordStarts: [0], box: { x: 10, y: 10, w: chars.length * 20, h: 20 } }],
    },
  };
}

/** A 1×1 PNG varied by a tEXt chunk, so every seeded document has its own sha256. */
function tinyPng(label: string): Buffer {
  const sig = Buffer.from('89504e470d0a1a0a', 'hex');
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from('0000000100000001080200000000', 'hex').subarray(0, 13);
  const idat = Buffer.from('789c63f8ffff3f0005fe02fe', 'hex');
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('tEXt', Buffer.from(`label\0${label}`, 'latin1')), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export async function seedDocument(env: ApiTestEnv, text = SEED_TEXT, label = text): Promise<{ sha256: string; hitIds: string[] }> {
  return seedDocumentInto({ store: env.store, blobs: env.blobs, context: () => env.deps.glossary.textContext() }, text, label);
}

/** The same into any store and blob store (a running `termlens serve`'s, say), tagged with `context`'s glossary. */
export async function seedDocumentInto(
  target: { store: Store; blobs: Pick<BlobStore, 'put'>; context: () => TextContext },
  text = SEED_TEXT,
  label = text,
): Promise<{ sha256: string; hitIds: string[] }> {
  const { store, blobs } = target;
  const png = tinyPng(label);
  const sha256 = createHash('sha256').update(png).digest('hex');
  await blobs.put(sha256, png);
  const ocr = ocrOf(text);
  await store.putDocument({ sha256, mediaType: 'image/png', bytes: png.length, width: ocr.width, height: ocr.height, firstPath: `${label.slice(0, 20)}.png` });
  await store.saveOcrResult(sha256, ocr);
  await runAnalysisJob({ kind: 'analysis', sha256, reason: 'pipeline' }, { store, context: async () => target.context() });
  const hits = await store.listHits(sha256);
  return { sha256, hitIds: hits.map((h) => h.id) };
}
