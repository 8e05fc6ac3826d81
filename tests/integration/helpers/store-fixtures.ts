import { createHash } from 'node:crypto';
import type { Hit } from '../../../src/domain/hit.ts';
import type { OcrResult } from '../../../src/domain/ocr.ts';
import { annotateHits } from '../../../src/stages/annotate.ts';
import type { AnalysisInput, NewDocument } from '../../../src/store/store.ts';

/** Records shaped like what the pipeline stages produce, for store tests. */

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function newDocument(name: string, over: Partial<NewDocument> = {}): NewDocument {
  return { sha256: sha256Of(name), mediaType: 'image/png', bytes: 1234, width: 800, height: 600, firstPath: `${name}.png`, ...over };
}

export const SAMPLE_TEXT = '青田县设立海外联络站，聘请侨领担任联络员。';

export function sampleOcr(text = SAMPLE_TEXT): OcrResult {
  const chars = [...text];
  const boxes = chars.map((_, i) => ({ x: 10 + i * 20, y: 10, w: 18, h: 20 }));
  return {
    engine: 'tesseract.js',
    languages: ['chi_sim', 'chi_tra', 'eng'],
    meanConfidence: 87.5,
    width: 800,
    height: 600,
    text,
    boxes,
    raw: {
      engine: 'tesseract.js',
      languages: ['chi_sim', 'chi_tra', 'eng'],
      text: chars.join(' '),
      meanConfidence: 87.5,
      lines: [
        {
          symbols: chars.map((ch, i) => ({ text: ch, box: boxes[i]!, confidence: 87.5 })),
          wordStarts: [0],
          box: { x: 10, y: 10, w: chars.length * 20, h: 20 },
        },
      ],
    },
  };
}

function hitAt(text: string, term: string, entryId: string, english: string): Hit {
  const start = [...text.slice(0, text.indexOf(term))].length;
  const end = start + [...term].length;
  return {
    entryId,
    term,
    english,
    category: 'institution',
    matched: term,
    start,
    end,
    kind: 'exact',
    confidence: 1,
    form: term,
    bbox: { x: 10 + start * 20, y: 10, w: (end - start) * 20 - 2, h: 20 },
  };
}

/** An analysis of SAMPLE_TEXT; `withPinqing` adds the second hit a newer glossary would find. */
export function sampleAnalysis(sha256: string, glossaryVersion: string, options: { withPinqing?: boolean } = {}): AnalysisInput {
  const hits = [hitAt(SAMPLE_TEXT, '海外联络站', 'haiwai-lianluozhan', 'overseas liaison station')];
  if (options.withPinqing) hits.push(hitAt(SAMPLE_TEXT, '聘请', 'pinqing', 'hire; appoint'));
  return {
    sha256,
    glossaryVersion,
    text: SAMPLE_TEXT,
    script: 'simplified',
    tokens: [
      { word: '青田县', pos: 'ns', start: 0, end: 3 },
      { word: '设立', pos: 'v', start: 3, end: 5 },
    ],
    hits,
    annotations: annotateHits({ sha256, mediaType: 'image/png' }, SAMPLE_TEXT, hits),
  };
}
