import type Tesseract from 'tesseract.js';
import { config } from '../config.ts';
import type { Box } from '../domain/geometry.ts';
import type { OcrEngine, OcrLine, OcrSymbol, RawOcr } from '../domain/ocr.ts';
import type { RawImage } from '../domain/raw-image.ts';
import { glossaryFormsLoader } from './engine-glossary-forms.ts';
import { rescueGlossaryTerms, rescueIndex, type RescueIndex } from './glossary-rescue.ts';
import { toPnm } from './pnm.ts';
import { greyOf } from './raw-pixels.ts';
import { refineSymbolBoxes } from './refine-symbol-boxes.ts';
import { prepareTessdata } from './tessdata.ts';
import { TesseractWorker } from './tesseract-worker.ts';
import { WorkerPool } from './worker-pool.ts';

/**
 * Simplified and traditional Chinese. Loaded jointly with them, eng makes Chinese worse
 * (samples/: 5.4% CER against 3.8%); Latin letters and digits read fine without it.
 */
export const DEFAULT_OCR_LANGUAGES: readonly string[] = ['chi_sim', 'chi_tra'];

/**
 * How several languages are used. 'per-language' reads the page once per language, in
 * parallel, and keeps the most confident reading; 'joint' loads them into one tesseract, which
 * then picks a model word by word. Jointly, chi_sim reads many traditional glyphs as their
 * simplified forms (國 → 国 at 99% confidence) and chi_tra the reverse, so a page comes out a
 * blend: on samples/ up to 40% of the characters of a page in the wrong script, one
 * traditional page in the majority simplified. Per language, tesseract's mean confidence
 * picked the right script on all 27 samples (by 4 to 20 points) and CER fell from 3.8% to
 * 2.8%, for about 20% more CPU and less wall time (the passes run side by side).
 */
export type LanguageMode = 'per-language' | 'joint';

/** One uniform block of text: beats automatic segmentation (3) on screenshots. */
const DEFAULT_PAGE_SEG_MODE = 6;
/** One uniform block of vertically aligned text. */
const VERTICAL_PAGE_SEG_MODE = 5;
/** CSS pixels are 1/96 inch; 70, 150 and 300 read the fixtures identically. */
const DEFAULT_DPI = 96;

export type TesseractEngineOptions = {
  languages?: readonly string[];
  mode?: LanguageMode;
  /**
   * Worker threads kept warm in all (defaults to config().ocrWorkers); per language, each
   * language gets an equal share, at least one.
   */
  workers?: number;
  /** Where prepared traineddata lives; defaults to config().cacheDir. */
  cacheDir?: string;
  pageSegMode?: number;
  dpi?: number;
  createTimeoutMs?: number;
  /**
   * Glossary forms for tesseract's user dictionary and for rescuing terms: undefined loads the
   * glossary from config().glossaryDir, null uses none.
   */
  glossaryForms?: readonly string[] | null;
  /**
   * How the per-language passes of one image run: side by side (default, lowest latency for
   * the CLI and the review page), or one after the other, so that a batch worker uses one core
   * per job and throughput grows with worker processes and machines instead of being spent
   * inside one image.
   */
  passes?: 'parallel' | 'sequential';
  /** Add the glossary forms to tesseract's dictionary (default true). */
  userWords?: boolean;
  /**
   * With several per-language readings, take a glossary term from a losing reading where the
   * chosen one read the same place one character off (default true); see glossary-rescue.ts.
   */
  rescueTerms?: boolean;
  /** Re-cut symbol boxes along the ink (default true); tesseract's own are often a glyph off. */
  refineBoxes?: boolean;
  /**
   * The page is one block of vertical text (top to bottom, columns right to left), for the
   * `_vert` models: read with page segmentation mode 5 unless `pageSegMode` says otherwise.
   */
  vertical?: boolean;
};

function toBox(bbox: Tesseract.Bbox): Box {
  const x0 = Math.max(0, Math.round(bbox.x0));
  const y0 = Math.max(0, Math.round(bbox.y0));
  return { x: x0, y: y0, w: Math.max(0, Math.round(bbox.x1) - x0), h: Math.max(0, Math.round(bbox.y1) - y0) };
}

function toConfidence(value: number | null | undefined): number {
  if (value == null || !Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, value));
}

/**
 * The boxes of a vertical word's symbols. tesseract gives the symbols of a vertical line in the
 * coordinates of the line turned on its side (every x is 0); its word boxes are right, except
 * that a line's first word at times spans the whole column, so a word is taken to end where the
 * next one starts. Chinese characters stand on a fixed pitch: the symbols share the word's box
 * equally, one below the other.
 */
function verticalSymbolBoxes(word: Tesseract.Word, next: Tesseract.Word | undefined, count: number): Box[] {
  const box = toBox(word.bbox);
  const nextTop = next ? toBox(next.bbox).y : Number.POSITIVE_INFINITY;
  const bottom = nextTop > box.y ? Math.min(box.y + box.h, nextTop) : box.y + box.h;
  return Array.from({ length: count }, (_, i) => {
    const y0 = box.y + Math.round(((bottom - box.y) * i) / count);
    const y1 = box.y + Math.round(((bottom - box.y) * (i + 1)) / count);
    return { x: box.x, y: y0, w: box.w, h: y1 - y0 };
  });
}

function toLine(line: Tesseract.Line, vertical: boolean): OcrLine | null {
  const symbols: OcrSymbol[] = [];
  const wordStarts: number[] = [];
  line.words.forEach((word, w) => {
    const start = symbols.length;
    const read = word.symbols.filter((symbol) => symbol.text.trim() !== '');
    const boxes = vertical ? verticalSymbolBoxes(word, line.words[w + 1], read.length) : read.map((symbol) => toBox(symbol.bbox));
    read.forEach((symbol, i) => {
      symbols.push({ text: symbol.text, box: boxes[i]!, confidence: toConfidence(symbol.confidence) });
    });
    // Symbol-level results are occasionally missing; the word as one "symbol" keeps its text.
    if (symbols.length === start && word.text.trim() !== '') {
      symbols.push({ text: word.text.trim(), box: toBox(word.bbox), confidence: toConfidence(word.confidence) });
    }
    if (symbols.length > start) wordStarts.push(start);
  });
  if (symbols.length === 0) return null;
  return { symbols, wordStarts, box: toBox(line.bbox) };
}

/** Tesseract's block tree flattened to lines in reading order. */
export function pageToRawOcr(page: Tesseract.Page, engine: string, languages: readonly string[], vertical = false): RawOcr {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const converted = toLine(line, vertical);
        if (converted) lines.push(converted);
      }
    }
  }
  return {
    engine,
    languages: [...languages],
    text: page.text ?? '',
    meanConfidence: toConfidence(page.confidence),
    lines,
  };
}

type Reader = { languages: readonly string[]; pool: WorkerPool<TesseractWorker> };

/**
 * tesseract.js behind the OcrEngine interface: lazily grown pools of warm workers reading
 * traineddata prepared once from the npm packages. Nothing is downloaded and nothing is written
 * outside config().cacheDir.
 */
export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract.js';
  readonly languages: readonly string[];
  readonly mode: LanguageMode;
  private readonly readers: Reader[];
  private readonly refineBoxes: boolean;
  private readonly rescue: boolean;
  private readonly passes: 'parallel' | 'sequential';
  private readonly vertical: boolean;
  private readonly glossaryForms: () => Promise<string[]>;
  private rescueIndexPromise: Promise<RescueIndex> | undefined;

  constructor(options: TesseractEngineOptions = {}) {
    this.languages = [...(options.languages ?? DEFAULT_OCR_LANGUAGES)];
    if (this.languages.length === 0) throw new RangeError('at least one OCR language is needed');
    this.mode = options.mode ?? 'per-language';
    this.rescue = options.rescueTerms ?? true;
    this.passes = options.passes ?? 'parallel';
    this.vertical = options.vertical ?? false;
    // The refinement cuts a line into characters along x: a column's stand along y.
    this.refineBoxes = (options.refineBoxes ?? true) && !this.vertical;
    this.glossaryForms = glossaryFormsLoader(options.glossaryForms);
    const cacheDir = options.cacheDir ?? config().cacheDir;
    const pageSegMode = options.pageSegMode ?? (this.vertical ? VERTICAL_PAGE_SEG_MODE : DEFAULT_PAGE_SEG_MODE);
    const dpi = options.dpi ?? DEFAULT_DPI;
    const createTimeoutMs = options.createTimeoutMs ?? 60_000;
    const workers = options.workers ?? config().ocrWorkers;

    const groups = this.mode === 'joint' ? [this.languages] : this.languages.map((language) => [language]);
    const perGroup = Math.max(1, Math.round(workers / groups.length));
    // Every language is prepared up front, so a missing package fails the first page whatever its mode.
    const allLanguages = this.languages;
    const glossaryForms = this.glossaryForms;
    const useUserWords = options.userWords ?? true;
    this.readers = groups.map((languages) => ({
      languages,
      pool: new WorkerPool(perGroup, {
        async create() {
          const langPath = await prepareTessdata(allLanguages, cacheDir);
          const userWords = useUserWords ? await glossaryForms() : undefined;
          return TesseractWorker.create({ langPath, languages, pageSegMode, dpi, createTimeoutMs, userWords });
        },
        destroy: (worker) => worker.terminate(),
        healthy: (worker) => worker.healthy,
      }),
    }));
  }

  /** The glossary forms this engine rescues, indexed (see glossary-rescue.ts). */
  termIndex(): Promise<RescueIndex> {
    this.rescueIndexPromise ??= this.glossaryForms().then((forms) => rescueIndex(forms));
    return this.rescueIndexPromise;
  }

  /**
   * Boxes are in `image`'s pixels. `otherReadings` are readings of the same image by another
   * engine, used like the losing passes: for rescuing glossary terms, never chosen.
   */
  async recognize(image: RawImage, { otherReadings = [] }: { otherReadings?: readonly RawOcr[] } = {}): Promise<RawOcr> {
    // One file for every pass; the worker threads copy it.
    const file = toPnm(image);
    const read = async ({ languages, pool }: (typeof this.readers)[number]) => {
      const page = await pool.use((worker) => worker.recognize(file));
      return pageToRawOcr(page, this.name, languages, this.vertical);
    };
    const readAll = async (): Promise<RawOcr[]> => {
      if (this.passes === 'parallel') return Promise.all(this.readers.map(read));
      const readings: RawOcr[] = [];
      for (const reader of this.readers) readings.push(await read(reader));
      return readings;
    };
    const [readings, grey] = await Promise.all([readAll(), this.refineBoxes ? greyOf(image) : null]);
    // Ties go to the language listed first.
    const best = readings.reduce((a, b) => (b.meanConfidence > a.meanConfidence ? b : a));
    const others = [...readings.filter((r) => r !== best), ...otherReadings];
    const alternatives = others.map((r) => ({ languages: r.languages, meanConfidence: r.meanConfidence }));
    let chosen: RawOcr = alternatives.length > 0 ? { ...best, alternatives } : best;
    // Rescued terms replace symbols in the chosen reading's lines (so the cleaned text, boxes and
    // hits carry them); its `text` stays exactly what that pass of tesseract read.
    if (this.rescue && others.length > 0) {
      const { lines, rescued } = rescueGlossaryTerms(best.lines, others.map((r) => r.lines), await this.termIndex());
      if (rescued > 0) chosen = { ...chosen, lines };
    }
    return grey ? { ...chosen, lines: refineSymbolBoxes(chosen.lines, grey) } : chosen;
  }

  /** Stops all workers; in-flight recognitions reject. */
  async terminate(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.pool.close()));
  }
}

export function createTesseractEngine(options: TesseractEngineOptions = {}): TesseractEngine {
  return new TesseractEngine(options);
}
