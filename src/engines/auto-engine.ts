import type { OcrEngine, RawOcr } from '../domain/ocr.ts';
import type { RawImage } from '../domain/raw-image.ts';
import { countScripts } from '../script/han-script.ts';
import { isDictionaryWord } from '../segmentation/dictionary-word.ts';
import { JiebaSegmenter } from '../segmentation/jieba-segmenter.ts';
import { mergeReadings } from './merge-readings.ts';
import type { PaddleEngine } from './paddle/paddle-engine.ts';
import type { TesseractEngine } from './tesseract-engine.ts';

/**
 * Routes each page to the engine that reads its script best. PaddleOCR reads simplified pages
 * far better than tesseract.js (fewer misread characters, small text, light-on-dark bars) but is
 * weak on traditional ones: its dictionary lacks many traditional characters and it reads them
 * as their simplified forms. So every page is read by PaddleOCR first (the cheaper engine), and
 * the script of what it read decides: a page with more traditional-only than simplified-only
 * characters is read again by tesseract.js (created with its chi_tra model alone: the script
 * is known, so a chi_sim pass would be wasted), PaddleOCR's reading serving to rescue glossary
 * terms that tesseract misread by one character; then the two readings are merged line by line
 * (merge-readings.ts: PaddleOCR's segments, tesseract's characters, the more confident reading
 * where they differ, or the one that makes a word where they differ in one character). Even
 * with the simplified forms PaddleOCR substitutes, the traditional characters it does know
 * outnumber them on a traditional page: the vote was right on all 27 samples and on 40 of 40
 * pages of an earlier screenshot set.
 * A page of vertical text (see readsVertically) that PaddleOCR found traditional is read again
 * by tesseract.js's vertical model (chi_tra_vert, one block of vertical text), which reads the
 * columns in order and the traditional characters PaddleOCR lacks (holdout page 30: 14.8% CER
 * with PaddleOCR, 2.5% with chi_tra_vert); a vertical simplified page stays with PaddleOCR.
 */
export type RouteDecision = { script: 'simplified' | 'traditional'; simplified: number; traditional: number };

export function decideRoute(firstReading: RawOcr): RouteDecision {
  const counts = countScripts(firstReading.text);
  const script = counts.traditional > counts.simplified ? 'traditional' : 'simplified';
  return { script, simplified: counts.simplified, traditional: counts.traditional };
}

/**
 * Whether most characters of a reading stand one below the other: PaddleOCR reads vertical
 * text (its detector's tall segments) top to bottom; tesseract's horizontal block mode reads it
 * as garbage (holdout: 94% CER against PaddleOCR's 15% on a traditional page).
 */
export function readsVertically(reading: RawOcr): boolean {
  let stacked = 0;
  let total = 0;
  for (const line of reading.lines) {
    line.symbols.forEach((symbol, i) => {
      total++;
      const next = line.symbols[i + 1];
      const previous = line.symbols[i - 1];
      const below = (a: typeof symbol, b: typeof symbol) =>
        b.box.y >= a.box.y + a.box.h * 0.5 && Math.min(a.box.x + a.box.w, b.box.x + b.box.w) - Math.max(a.box.x, b.box.x) >= 0.5 * Math.min(a.box.w, b.box.w);
      if ((next && below(symbol, next)) || (previous && below(previous, symbol))) stacked++;
    });
  }
  return total > 0 && stacked >= 0.6 * total;
}

/** jieba's dictionary is process-wide: one segmenter serves every engine of the process. */
const segmenter = new JiebaSegmenter();

export class AutoEngine implements OcrEngine {
  readonly name = 'auto';
  readonly languages: readonly string[];

  constructor(
    private readonly simplifiedReader: Pick<PaddleEngine, keyof OcrEngine | 'dictionary'>,
    private readonly traditionalReader: TesseractEngine,
    private readonly verticalTraditionalReader: TesseractEngine,
  ) {
    this.languages = [...new Set([...simplifiedReader.languages, ...traditionalReader.languages, ...verticalTraditionalReader.languages])];
  }

  async recognize(image: RawImage): Promise<RawOcr> {
    const first = await this.simplifiedReader.recognize(image);
    const route = decideRoute(first);
    if (route.script !== 'traditional') return { ...first, route };
    if (readsVertically(first)) return { ...(await this.verticalTraditionalReader.recognize(image, { otherReadings: [first] })), route };
    const second = await this.traditionalReader.recognize(image, { otherReadings: [first] });
    const [paddleDictionary, terms] = await Promise.all([this.simplifiedReader.dictionary(), this.traditionalReader.termIndex()]);
    // The glossary's forms count as words whether or not a tagger has loaded them into jieba's
    // dictionary yet (that depends on the order a process does its work in), so a page reads the
    // same in the CLI, a worker and the server.
    const isWord = (text: string) => terms.folds.has(text) || isDictionaryWord(segmenter, text);
    return { ...mergeReadings(second, first, { paddleDictionary, terms, isWord }), route };
  }

  async terminate(): Promise<void> {
    await Promise.all([this.simplifiedReader.terminate(), this.traditionalReader.terminate(), this.verticalTraditionalReader.terminate()]);
  }
}
