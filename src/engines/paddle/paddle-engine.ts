import type { Box } from '../../domain/geometry.ts';
import type { OcrEngine, OcrLine, OcrSymbol, RawOcr } from '../../domain/ocr.ts';
import { toRawImage, type RawImage } from '../../domain/raw-image.ts';
import { config } from '../../config.ts';
import { glossaryFormsLoader } from '../engine-glossary-forms.ts';
import { greyOf, rawSharp } from '../raw-pixels.ts';
import { rescueIndex, type RescueIndex } from '../glossary-rescue.ts';
import { refineSymbolBoxes, type GreyImage } from '../refine-symbol-boxes.ts';
import { WorkerPool } from '../worker-pool.ts';
import { symbolsAlongSegment, symbolsDownSegment, tightenToInk } from './char-boxes.ts';
import { VERTICAL_RATIO } from './detected-lines.ts';
import { rescueWithRunnerUps } from './runner-up-rescue.ts';
import { InProcessReader } from './in-process-reader.ts';
import type { PageReader } from './page-reader.ts';
import { loadPaddleDictionary } from './paddle-models.ts';
import { PaddleThread } from './paddle-thread.ts';


export type PaddleEngineOptions = {
  /**
   * Pages read at once, each by its own worker thread with its own copy of the models (default
   * config().ocrWorkers, one per core). onnxruntime-node runs an inference on the thread that
   * asks for it, blocking it, and the detector's post-processing runs there too: in
   * one thread a second page in flight gained nothing (samples/, idle machine: 577 ms per page
   * with one in flight, 565 with two), so pages go to threads, as tesseract.js does.
   */
  concurrency?: number;
  /** onnxruntime threads per inference (default 1: the threads above use the cores). */
  threads?: number;
  /**
   * Run the models on the calling thread rather than worker threads (default false; then one
   * page at a time, whatever `concurrency`): saves a thread's memory where pages come one at a
   * time anyway, at the cost of blocking the event loop during each inference. See
   * in-process-reader.ts.
   */
  inProcess?: boolean;
  /** Re-cut the derived character boxes along the ink (default true). */
  refineBoxes?: boolean;
  /**
   * Glossary forms for rescuing terms from the recogniser's second choices: undefined loads
   * the glossary from config().glossaryDir, null uses none.
   */
  glossaryForms?: readonly string[] | null;
  /** Take a character's runner-up where only it makes a glossary term (default true); see runner-up-rescue.ts. */
  rescueTerms?: boolean;
};

/** The detector wants sides in multiples of 32. */
const DETECTOR_STRIDE = 32;
/** The longest side the detector reads (PaddleOCR's own default is 960). */
const DETECTOR_MAX_SIDE = 960;
/** Segments read with less mean confidence are icons, rules and noise (@gutenye/ocr-node's cut-off). */
const MIN_SEGMENT_CONFIDENCE = 0.5;

type Segment = { ink: Box; symbols: OcrSymbol[]; wordStarts: number[] };

/**
 * The page (recognition crops its segments from it), the smaller copy the detector reads, and
 * the page's grey levels (for the ink). The detector's boxes are scaled back to the page, so
 * recognition still reads full-resolution crops. Scaled to DETECTOR_MAX_SIDE, samples/ read
 * better than at full size (mean CER on simplified pages 0.45% against 0.62%) and faster.
 */
async function prepare(page: RawImage): Promise<{ detectorInput: RawImage; grey: GreyImage }> {
  const { width, height } = page;
  const scale = Math.min(1, DETECTOR_MAX_SIDE / Math.max(width, height));
  const stride = (side: number) => Math.max(DETECTOR_STRIDE, Math.round((side * scale) / DETECTOR_STRIDE) * DETECTOR_STRIDE);
  const [detector, grey] = await Promise.all([
    rawSharp(page).resize({ width: stride(width), height: stride(height), fit: 'fill' }).raw().toBuffer({ resolveWithObject: true }),
    greyOf(page),
  ]);
  return { detectorInput: toRawImage(detector), grey };
}

/**
 * Segments on one row of text (their midlines within half the mean segment height of each
 * other) become one line, left to right, each segment a word: what tesseract gives for a menu
 * bar, and what cleanOcrText expects.
 */
function assembleLines(segments: Segment[]): OcrLine[] {
  if (segments.length === 0) return [];
  const meanHeight = segments.reduce((sum, s) => sum + s.ink.h, 0) / segments.length;
  const midline = (s: Segment) => s.ink.y + s.ink.h / 2;
  const rows: Segment[][] = [];
  for (const segment of [...segments].sort((a, b) => midline(a) - midline(b))) {
    const row = rows.find((r) => Math.abs(midline(r[0]!) - midline(segment)) < meanHeight / 2);
    if (row) row.push(segment);
    else rows.push([segment]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.ink.x - b.ink.x);
    const symbols: OcrSymbol[] = [];
    const wordStarts: number[] = [];
    for (const segment of row) {
      for (const start of segment.wordStarts) wordStarts.push(symbols.length + start);
      symbols.push(...segment.symbols);
    }
    const x0 = Math.min(...row.map((s) => s.ink.x));
    const y0 = Math.min(...row.map((s) => s.ink.y));
    const x1 = Math.max(...row.map((s) => s.ink.x + s.ink.w));
    const y1 = Math.max(...row.map((s) => s.ink.y + s.ink.h));
    return { symbols, wordStarts, box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } };
  });
}

/** Spaces the recogniser read split a segment into words; they are not symbols. */
function splitWords(symbols: OcrSymbol[]): { symbols: OcrSymbol[]; wordStarts: number[] } {
  const kept: OcrSymbol[] = [];
  const wordStarts: number[] = [];
  let afterSpace = true;
  for (const symbol of symbols) {
    if (symbol.text.trim() === '') {
      afterSpace = true;
      continue;
    }
    if (afterSpace) wordStarts.push(kept.length);
    kept.push(symbol);
    afterSpace = false;
  }
  return { symbols: kept, wordStarts };
}

/**
 * PaddleOCR PP-OCRv4 behind the OcrEngine interface: a pool of at most `concurrency` worker
 * threads (or, with `inProcess`, the calling thread alone), started on first use, each reading
 * one page at a time with its own copy of the models, so the cores are not oversubscribed. The
 * main thread decodes the page and places the characters (boxes, rescue, lines); the readers
 * do the model work.
 */
export class PaddleEngine implements OcrEngine {
  readonly name = 'paddleocr';
  /** What the models read: Chinese (simplified, with some traditional) plus Latin letters and digits. */
  readonly languages: readonly string[] = ['ch_PP-OCRv4'];
  private readonly refineBoxes: boolean;
  private readonly rescueTerms: boolean;
  private readonly glossaryForms: () => Promise<string[]>;
  private rescueIndexPromise: Promise<RescueIndex> | undefined;
  private readonly pool: WorkerPool<PageReader>;
  private dictionaryPromise: Promise<ReadonlySet<string>> | undefined;

  constructor(options: PaddleEngineOptions = {}) {
    this.refineBoxes = options.refineBoxes ?? true;
    this.rescueTerms = options.rescueTerms ?? true;
    this.glossaryForms = glossaryFormsLoader(options.glossaryForms);
    const threads = options.threads ?? 1;
    const inProcess = options.inProcess ?? false;
    this.pool = new WorkerPool<PageReader>(inProcess ? 1 : (options.concurrency ?? config().ocrWorkers), {
      create: () => (inProcess ? InProcessReader.start(threads) : PaddleThread.start(threads)),
      destroy: (reader) => reader.terminate(),
      healthy: (reader) => reader.healthy,
    });
  }

  /**
   * Starts the first thread and loads its models; rejects with PADDLE_UNAVAILABLE where the
   * optional packages are missing or onnxruntime does not load.
   */
  async ready(): Promise<void> {
    await this.pool.use(async () => {});
  }

  private termIndex(): Promise<RescueIndex> {
    this.rescueIndexPromise ??= this.glossaryForms().then((forms) => rescueIndex(forms));
    return this.rescueIndexPromise;
  }

  /** The characters the recogniser can output (see merge-readings.ts). */
  dictionary(): Promise<ReadonlySet<string>> {
    this.dictionaryPromise ??= loadPaddleDictionary();
    return this.dictionaryPromise;
  }

  async recognize(page: RawImage): Promise<RawOcr> {
    const { detectorInput, grey } = await prepare(page);
    const terms = this.rescueTerms ? await this.termIndex() : null;
    const read = await this.pool.use((reader) => reader.read(page, detectorInput));
    const segments: Segment[] = [];
    for (const { bounds, characters: decoded, stepWidth } of read) {
      const confidence = decoded.reduce((sum, c) => sum + c.confidence, 0) / decoded.length;
      if (confidence < MIN_SEGMENT_CONFIDENCE) continue;
      const characters = terms ? rescueWithRunnerUps(decoded, terms).characters : decoded;
      const ink = tightenToInk(grey, bounds);
      const vertical = bounds.h / bounds.w >= VERTICAL_RATIO;
      const placed = vertical ? symbolsDownSegment(characters, ink) : symbolsAlongSegment(characters, stepWidth, bounds, ink);
      const words = splitWords(placed);
      if (words.symbols.length === 0) continue;
      const segment: OcrLine = { ...words, box: ink };
      const [refined] = this.refineBoxes && !vertical ? refineSymbolBoxes([segment], grey) : [segment];
      segments.push({ ink, symbols: refined!.symbols, wordStarts: refined!.wordStarts });
    }
    const lines = assembleLines(segments);
    const all = lines.flatMap((l) => l.symbols);
    const meanConfidence = all.length ? all.reduce((sum, s) => sum + s.confidence, 0) / all.length : 0;
    const text = lines.map((l) => l.symbols.map((s, i) => (i > 0 && l.wordStarts.includes(i) ? ' ' : '') + s.text).join('')).join('\n');
    return { engine: this.name, languages: [...this.languages], text, meanConfidence, lines };
  }

  async terminate(): Promise<void> {
    await this.pool.close();
  }
}

export function createPaddleEngine(options: PaddleEngineOptions = {}): PaddleEngine {
  return new PaddleEngine(options);
}
