import sharp, { type OutputInfo } from 'sharp';
import type { Box } from '../../domain/geometry.ts';
import type { OcrEngine, OcrLine, OcrSymbol, RawOcr } from '../../domain/ocr.ts';
import { config } from '../../config.ts';
import { InputError } from '../../errors.ts';
import { glossaryFormsLoader } from '../engine-glossary-forms.ts';
import { rescueIndex, type RescueIndex } from '../glossary-rescue.ts';
import { refineSymbolBoxes, type GreyImage } from '../refine-symbol-boxes.ts';
import { WorkerPool } from '../worker-pool.ts';
import { symbolsAlongSegment, symbolsDownSegment, tightenToInk } from './char-boxes.ts';
import { decodeCtc } from './ctc-decode.ts';
import { rescueWithRunnerUps } from './runner-up-rescue.ts';
import { loadPaddleModels, type PaddleModels, type RgbaImage } from './paddle-models.ts';

export const PADDLE_ENGINE_NAME = 'paddleocr';
/** What the models read: Chinese (simplified, with some traditional) plus Latin letters and digits. */
export const PADDLE_LANGUAGES: readonly string[] = ['ch_PP-OCRv4'];

export type PaddleEngineOptions = {
  /**
   * Images recognised at once (default config().ocrWorkers, one per core), each inference on
   * `threads` cores (default 1). The models' inputs are small (a line 48 px high), so onnxruntime
   * spreads one inference over cores poorly: on samples/ with two images in flight, two
   * single-threaded inferences read 1.6× the images per second of one on two threads.
   */
  concurrency?: number;
  threads?: number;
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

/** The recogniser's input height; segments are scaled to it, keeping their aspect ratio. */
const LINE_HEIGHT = 48;
/** The detector wants sides in multiples of 32. */
const DETECTOR_STRIDE = 32;
/** Segments read with less mean confidence are icons, rules and noise (@gutenye/ocr-node's cut-off). */
const MIN_SEGMENT_CONFIDENCE = 0.5;
/** A crop this much taller than wide was rotated by the detector and is read top to bottom. */
const VERTICAL_RATIO = 1.5;

type Segment = { ink: Box; symbols: OcrSymbol[]; wordStarts: number[] };

/** The image as RGBA padded with white to the detector's stride (so boxes need no rescaling), and its grey levels. */
async function decode(image: Buffer): Promise<{ padded: RgbaImage; grey: GreyImage }> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(image).autoOrient().flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new InputError('IMAGE_UNREADABLE', `the image cannot be decoded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const { width, height } = raw.info;
  const paddedWidth = Math.ceil(width / DETECTOR_STRIDE) * DETECTOR_STRIDE;
  const paddedHeight = Math.ceil(height / DETECTOR_STRIDE) * DETECTOR_STRIDE;
  const data = new Uint8Array(paddedWidth * paddedHeight * 4).fill(255);
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    data.set(raw.data.subarray(y * width * 4, (y + 1) * width * 4), y * paddedWidth * 4);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      grey[y * width + x] = Math.round(0.299 * raw.data[i]! + 0.587 * raw.data[i + 1]! + 0.114 * raw.data[i + 2]!);
    }
  }
  return { padded: { data, width: paddedWidth, height: paddedHeight }, grey: { data: grey, width, height } };
}

/** The axis-aligned box around the detector's four points, on the image. */
function boundsOf(points: number[][], width: number, height: number): Box {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
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
 * PaddleOCR PP-OCRv4 behind the OcrEngine interface. One copy of the models per engine, loaded
 * on first use and shared by at most `concurrency` images in flight, so that with onnxruntime's
 * threads the cores are not oversubscribed.
 */
export class PaddleEngine implements OcrEngine {
  readonly name = PADDLE_ENGINE_NAME;
  readonly languages = PADDLE_LANGUAGES;
  private readonly refineBoxes: boolean;
  private readonly rescueTerms: boolean;
  private readonly threads: number;
  private readonly glossaryForms: () => Promise<string[]>;
  private rescueIndexPromise: Promise<RescueIndex> | undefined;
  private modelsPromise: Promise<PaddleModels> | undefined;
  private readonly slots: WorkerPool<PaddleModels>;

  constructor(options: PaddleEngineOptions = {}) {
    this.refineBoxes = options.refineBoxes ?? true;
    this.rescueTerms = options.rescueTerms ?? true;
    this.glossaryForms = glossaryFormsLoader(options.glossaryForms);
    this.threads = options.threads ?? 1;
    this.slots = new WorkerPool(options.concurrency ?? config().ocrWorkers, {
      create: () => this.models(),
      // The slots share one set of models, released once in terminate().
      destroy: async () => {},
      healthy: () => true,
    });
  }

  /** Loads the models (once); rejects with PADDLE_UNAVAILABLE where the optional packages are missing. */
  models(): Promise<PaddleModels> {
    this.modelsPromise ??= loadPaddleModels({ threads: this.threads });
    return this.modelsPromise;
  }

  private termIndex(): Promise<RescueIndex> {
    this.rescueIndexPromise ??= this.glossaryForms().then((forms) => rescueIndex(forms));
    return this.rescueIndexPromise;
  }

  async recognize(image: Buffer): Promise<RawOcr> {
    const { padded, grey } = await decode(image);
    const terms = this.rescueTerms ? await this.termIndex() : null;
    return this.slots.use(async (models) => {
      const detected = (await models.detect(padded))
        .map(({ box, image: crop }) => ({ bounds: boundsOf(box, grey.width, grey.height), crop }))
        .filter(({ bounds }) => bounds.w >= 2 && bounds.h >= 2);
      const lineImages = await Promise.all(detected.map(({ crop }) => crop.resize({ height: LINE_HEIGHT })));
      // One line per inference: PP-OCRv4's recogniser attends across the whole line, so its cost
      // grows faster than the width, and batches padded to their widest line took twice as long.
      const readings: Awaited<ReturnType<PaddleModels['recognise']>> = [];
      for (const line of lineImages) readings.push((await models.recognise([line]))[0]!);
      const segments: Segment[] = [];
      detected.forEach(({ bounds }, i) => {
        const { scores, steps, classes, width } = readings[i]!;
        const decoded = decodeCtc(scores, steps, classes, models.dictionary).characters;
        const characters = terms ? rescueWithRunnerUps(decoded, terms).characters : decoded;
        if (characters.length === 0) return;
        const confidence = characters.reduce((sum, c) => sum + c.confidence, 0) / characters.length;
        if (confidence < MIN_SEGMENT_CONFIDENCE) return;
        const ink = tightenToInk(grey, bounds);
        const vertical = bounds.h / bounds.w >= VERTICAL_RATIO;
        // A timestep spans width/steps pixels of the (padded) line image, which is the segment
        // scaled to 48 px high.
        const stepWidth = (width / steps) * (bounds.w / lineImages[i]!.width);
        const placed = vertical ? symbolsDownSegment(characters, ink) : symbolsAlongSegment(characters, stepWidth, bounds, ink);
        const words = splitWords(placed);
        if (words.symbols.length === 0) return;
        const segment: OcrLine = { ...words, box: ink };
        const [refined] = this.refineBoxes && !vertical ? refineSymbolBoxes([segment], grey) : [segment];
        segments.push({ ink, symbols: refined!.symbols, wordStarts: refined!.wordStarts });
      });
      const lines = assembleLines(segments);
      const all = lines.flatMap((l) => l.symbols);
      const meanConfidence = all.length ? all.reduce((sum, s) => sum + s.confidence, 0) / all.length : 0;
      const text = lines.map((l) => l.symbols.map((s, i) => (i > 0 && l.wordStarts.includes(i) ? ' ' : '') + s.text).join('')).join('\n');
      return { engine: this.name, languages: [...this.languages], text, meanConfidence, lines };
    });
  }

  async terminate(): Promise<void> {
    await this.slots.close();
    if (this.modelsPromise) await (await this.modelsPromise.catch(() => null))?.release();
  }
}

export function createPaddleEngine(options: PaddleEngineOptions = {}): PaddleEngine {
  return new PaddleEngine(options);
}
