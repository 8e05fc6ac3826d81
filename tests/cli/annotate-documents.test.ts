import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_FRAGMENT_SPEC, WebAnnotationSchema } from '../../src/domain/annotation.ts';
import { type DocumentFailure, DocumentFailureSchema, type DocumentResult, DocumentResultSchema } from '../../src/domain/document-result.ts';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import {
  DOCX_IMAGE_SAMPLE,
  DOCX_PARAGRAPHS,
  GBK_PAGE_TEXT,
  HTML_IMAGE_SAMPLE,
  makeDocumentFixtures,
  SAVED_PAGE_TEXT,
  type DocumentFixtures,
} from '../fixtures/make-documents.ts';
import {
  activeContentPdf,
  ENGLISH_PARAGRAPH,
  launchChromium,
  makePdfFixtures,
  REPORT_SAMPLE,
  requestCounter,
  SCAN_DPI,
  SCANNED_SAMPLES,
  SIMPLIFIED_PARAGRAPHS,
  TRADITIONAL_PARAGRAPH,
  type PdfFixtures,
} from '../fixtures/make-pdfs.ts';
import { coveredShare, groundTruth, matchExpected, sample } from './helpers/samples.ts';
import { type CliRun, makeTempDir, outputLines, runCli, SAMPLES_DIR, sha256File, STACK_LINE } from './helpers/run-cli.ts';

/**
 * `termlens annotate` on PDFs, Word files and saved pages, end to end: one CLI run over the
 * readable files, one over the hostile ones (with small caps, so the bombs stop in seconds),
 * one in the table format. Every PDF is made by the test (Chromium's print-to-PDF, MuPDF).
 */

/** As for screenshots (tests/cli/annotate.test.ts): OCR of the same images, rendered or placed on a page. */
const MAX_CER = 0.08;
const MIN_RECALL = 0.85;
/** The nesting bomb never ends; a real page takes under 2 s even on a loaded machine (Chromium's CJK Type3 fonts are the slowest). */
const PAGE_TIMEOUT_MS = 15_000;
const HEAP_MB = 64;

let tempDir: string;
let pdfs: PdfFixtures;
let docs: DocumentFixtures;
let active: string;
let server: Awaited<ReturnType<typeof requestCounter>>;
let good: CliRun;
let bad: CliRun;
let table: CliRun;
let goodLines: (DocumentResult | DocumentFailure)[];
let badLines: (DocumentResult | DocumentFailure)[];
let goodInputs: string[];
let badInputs: string[];

const parse = (run: CliRun) =>
  outputLines(run.stdout).map((line) => JSON.parse(line) as DocumentResult | DocumentFailure);

beforeAll(async () => {
  tempDir = await makeTempDir('termlens-cli-documents-');
  server = await requestCounter();
  const browser = await launchChromium();
  try {
    pdfs = await makePdfFixtures(tempDir, SAMPLES_DIR, browser);
  } finally {
    await browser.close();
  }
  docs = await makeDocumentFixtures(tempDir, SAMPLES_DIR, server.url);
  active = path.join(tempDir, 'active.pdf');
  const attachment = await readFile(path.join(SAMPLES_DIR, SCANNED_SAMPLES[1]!));
  await writeFile(active, activeContentPdf(await readFile(pdfs.textSimplified), server.url, attachment));

  goodInputs = [
    path.join(SAMPLES_DIR, '01-police-libao-station-simplified-sans.png'),
    pdfs.textSimplified,
    pdfs.textTraditional,
    pdfs.scanned,
    pdfs.report,
    pdfs.garbledPrivateUse,
    pdfs.garbledRareHan,
    active,
    docs.docx,
    docs.html,
    docs.htmlGbk,
  ];
  badInputs = [
    pdfs.encrypted,
    pdfs.truncated,
    pdfs.damagedXref,
    pdfs.headerOnly,
    pdfs.notPdf,
    pdfs.hugePage,
    pdfs.nestingBomb,
    pdfs.memoryBomb,
    docs.notDocx,
    pdfs.manyPages,
  ];
  const caps = { TERMLENS_PDF_PAGE_TIMEOUT_MS: String(PAGE_TIMEOUT_MS), TERMLENS_PDF_MAX_HEAP_MB: String(HEAP_MB) };
  [good, bad, table] = await Promise.all([
    runCli(['annotate', '--format', 'jsonl', ...goodInputs], { timeoutMs: 400_000 }),
    runCli(['annotate', '--format', 'jsonl', ...badInputs], { timeoutMs: 400_000, env: caps }),
    runCli(['annotate', pdfs.textSimplified, pdfs.encrypted, pdfs.hugePage], { timeoutMs: 400_000 }),
  ]);
  goodLines = parse(good);
  badLines = parse(bad);
}, 480_000);

afterAll(async () => {
  await server?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

function resultsOf(lines: readonly (DocumentResult | DocumentFailure)[], file: string): DocumentResult[] {
  return lines.filter((l) => l.source.path === file && !('error' in l)).map((l) => DocumentResultSchema.parse(l));
}

function failuresOf(lines: readonly (DocumentResult | DocumentFailure)[], file: string): DocumentFailure[] {
  return lines.filter((l) => l.source.path === file && 'error' in l).map((l) => DocumentFailureSchema.parse(l));
}

const unwrap = (text: string) => text.replace(/\n/g, '');

describe('annotate FILE.pdf --format jsonl', () => {
  it('prints the readable files in input order, pages in page order, and exits 0', async () => {
    expect(good.code, good.stderr).toBe(0);
    expect(good.stderr).not.toMatch(STACK_LINE);
    const order = goodLines.map((l) => `${l.source.path}#${l.source.page ?? ('section' in l.source ? l.source.section : undefined) ?? ''}`);
    const expected = goodInputs.flatMap((file) => {
      const lines = goodLines.filter((l) => l.source.path === file);
      expect(lines.length, file).toBeGreaterThan(0);
      return lines.map((l, i) => `${file}#${l.source.page !== undefined || ('section' in l.source && l.source.section !== undefined) ? i + 1 : ''}`);
    });
    expect(order).toEqual(expected);
  });

  it("leaves a screenshot's object exactly as it was: no page, region or warning fields", () => {
    const shot = goodLines[0]!;
    expect(Object.keys(shot).sort()).toEqual(['annotations', 'blocks', 'glossaryVersion', 'hits', 'ocr', 'script', 'source', 'text', 'tokens']);
    expect(Object.keys(shot.source).sort()).toEqual(['bytes', 'height', 'mediaType', 'path', 'sha256', 'width']);
  });

  it("reads a text layer exactly, without OCR, one object per page with the PDF's sha256 and the page's scale", async () => {
    const pages = resultsOf(goodLines, pdfs.textSimplified);
    expect(pages).toHaveLength(2);
    const sha256 = await sha256File(pdfs.textSimplified);
    pages.forEach((page, i) => {
      expect(unwrap(page.text)).toBe(SIMPLIFIED_PARAGRAPHS[i]);
      expect(page.ocr).toBeUndefined();
      expect(page.regions?.map((r) => r.kind)).toEqual(['text-layer']);
      expect(page.source).toMatchObject({ sha256, mediaType: 'application/pdf', page: i + 1, pageCount: 2, dpi: 200 });
      expect(page.source.pointsPerPixel).toBeCloseTo(72 / 200, 6);
      // A4 (595.92 × 842.88 points as Chromium writes it) at 200 dpi.
      expect(page.source.width).toBe(Math.ceil((page.source.pageWidthPoints! * 200) / 72 - 0.001));
      expect(page.source.height).toBe(Math.ceil((page.source.pageHeightPoints! * 200) / 72 - 0.001));
      expect(page.script).toBe('simplified');
    });
    expect(pages[0]!.hits.map((h) => h.term)).toEqual(expect.arrayContaining(['公安部', '警侨驿站', '聘请', '侨领', '海外联络员', '劝返']));
    expect(pages[1]!.hits.map((h) => h.term)).toEqual(expect.arrayContaining(['青田', '侨联', '温州', '公安局', '以侨治侨', '警侨联动']));
  });

  it('reads a traditional text layer exactly', () => {
    const [page] = resultsOf(goodLines, pdfs.textTraditional);
    expect(unwrap(page!.text)).toBe(TRADITIONAL_PARAGRAPH);
    expect(page!.script).toBe('traditional');
    expect(page!.hits.map((h) => h.term)).toEqual(expect.arrayContaining(['温州', '公安局', '聘请', '侨领', '劝返']));
  });

  it("puts each text-layer hit's box on its characters: inside the page and inside the text's region", () => {
    for (const file of [pdfs.textSimplified, pdfs.textTraditional]) {
      for (const page of resultsOf(goodLines, file)) {
        const region = page.regions![0]!.bbox!;
        for (const hit of page.hits) {
          expect(hit.bbox, JSON.stringify(hit)).toBeDefined();
          expect(coveredShare(hit.bbox!, region)).toBe(1);
          expect(hit.bbox!.x + hit.bbox!.w).toBeLessThanOrEqual(page.source.width!);
          // A 14 pt line at 200 dpi: the glyphs' em boxes are about 39 px high (a term that wraps has a box per line).
          for (const line of hit.boxes ?? [hit.bbox!]) {
            expect(line.h).toBeGreaterThan(25);
            expect(line.h).toBeLessThan(60);
          }
        }
      }
    }
  });

  it('reads scanned pages like the screenshots they are, through the page render', () => {
    const pages = resultsOf(goodLines, pdfs.scanned);
    expect(pages).toHaveLength(2);
    pages.forEach((page, i) => {
      const s = sample(SCANNED_SAMPLES[i]!.slice(0, 3));
      expect(charErrorRate(page.text, groundTruth(s)), s.file).toBeLessThanOrEqual(MAX_CER);
      // Scanned at 96 dpi: rendered at the lowest scan resolution (150), boxes in the page's 200 dpi grid.
      expect(page.regions).toEqual([expect.objectContaining({ kind: 'rendered-page', reason: 'scan', dpi: 150 })]);
      expect(page.source.dpi).toBe(200);
      // The hits land where the manifest puts the terms on the screenshot (its pixels are the scan's, 96 to the inch).
      const k = SCAN_DPI / page.source.dpi!;
      const onScreenshot = page.hits.map((h) => ({ term: h.term, bbox: { x: h.bbox!.x * k, y: h.bbox!.y * k, w: h.bbox!.w * k, h: h.bbox!.h * k } }));
      const { found } = matchExpected(s, onScreenshot);
      expect(found.length / s.expected.length, s.file).toBeGreaterThanOrEqual(MIN_RECALL);
      expect(page.ocr?.engine).toBeTruthy();
      expect(page.script).toBe(s.script);
    });
  });

  it("finds the embedded screenshot's terms on its own page, with boxes inside the image, in reading order", () => {
    const [first, second] = resultsOf(goodLines, pdfs.report);
    expect(first!.hits).toEqual([]);
    expect(first!.regions!.map((r) => r.kind)).toEqual(['text-layer']);
    const image = second!.regions!.find((r) => r.kind === 'image')!;
    expect(image).toMatchObject({ image: 1, pixels: { width: 1040, height: 410 } });
    // The screenshot's own pixels were read, not a 200 dpi render of it: 1,040 pixels on 12 cm.
    expect(image.dpi).toBeGreaterThan(200);
    const s = sample(REPORT_SAMPLE.slice(0, 3));
    const expectedTerms = [...new Set(s.expected.map((e) => e.term))];
    const found = expectedTerms.filter((term) => second!.hits.some((h) => h.term === term));
    expect(found.length / expectedTerms.length, `found ${found.join(', ')}`).toBeGreaterThanOrEqual(MIN_RECALL);
    for (const hit of second!.hits) {
      expect(hit.start >= image.start && hit.end <= image.end, JSON.stringify(hit)).toBe(true);
      expect(coveredShare(hit.bbox!, image.bbox!), JSON.stringify(hit)).toBe(1);
    }
    const text = second!.text;
    expect(text.replace(/\n/g, ' ')).toContain(ENGLISH_PARAGRAPH);
    expect(text.indexOf('This report')).toBeLessThan(image.start);
    expect(text.indexOf('Figure 1.')).toBeGreaterThanOrEqual(image.end);
    expect(charErrorRate(Array.from(text).slice(image.start, image.end).join(''), groundTruth(s))).toBeLessThanOrEqual(MAX_CER);
  });

  it('replaces a garbled text layer (private-use or rare code points) with OCR and says so', () => {
    for (const file of [pdfs.garbledPrivateUse, pdfs.garbledRareHan]) {
      const pages = resultsOf(goodLines, file);
      expect(pages, file).toHaveLength(1);
      pages.forEach((page, i) => {
        expect(page.warnings?.map((w) => w.code)).toEqual(['TEXT_LAYER_GARBLED']);
        expect(page.regions).toEqual([expect.objectContaining({ kind: 'rendered-page', reason: 'garbled-text-layer' })]);
        expect(charErrorRate(page.text, SIMPLIFIED_PARAGRAPHS[i]!), file).toBeLessThanOrEqual(MAX_CER);
      });
    }
  });

  it('targets the PDF with RFC 8118 selectors beside the text selectors, one text resource per page', () => {
    const ids = new Set<string>();
    for (const file of [pdfs.textSimplified, pdfs.report, pdfs.scanned]) {
      for (const page of resultsOf(goodLines, file)) {
        const scale = page.source.pointsPerPixel!;
        expect(page.annotations).toHaveLength(page.hits.length);
        page.annotations.forEach((raw, i) => {
          const annotation = WebAnnotationSchema.parse(raw);
          expect(ids.has(annotation.id)).toBe(false);
          ids.add(annotation.id);
          const [text, pdf] = annotation.target;
          expect(text!.source).toBe(`urn:termlens:text:${page.source.sha256}:page=${page.source.page}`);
          expect(text!.selector.map((s) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
          expect(pdf!.source).toBe(`urn:sha256:${page.source.sha256}`);
          const fragment = pdf!.selector[0]!;
          expect(fragment).toMatchObject({ type: 'FragmentSelector', conformsTo: PDF_FRAGMENT_SPEC });
          const match = /^page=(\d+)&viewrect=([\d.]+),([\d.]+),([\d.]+),([\d.]+)$/.exec((fragment as { value: string }).value);
          expect(match, (fragment as { value: string }).value).not.toBeNull();
          expect(Number(match![1])).toBe(page.source.page);
          const box = page.hits[i]!.bbox!;
          [box.x, box.y, box.w, box.h].forEach((px, k) => {
            expect(Number(match![k + 2])).toBeCloseTo(px * scale, 1);
          });
        });
      }
    }
  });

  it('runs no script, follows no link and reads no attachment of a PDF', () => {
    const pages = resultsOf(goodLines, active);
    expect(pages).toHaveLength(2);
    expect(unwrap(pages[0]!.text)).toBe(SIMPLIFIED_PARAGRAPHS[0]);
    expect(server.requests).toEqual([]);
  });
});

describe('annotate on bad PDFs', () => {
  it('exits 1, keeps stack traces off stderr and still reads the readable file among them', () => {
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).not.toMatch(STACK_LINE);
    const repaired = resultsOf(badLines, pdfs.damagedXref);
    expect(repaired.map((p) => unwrap(p.text))).toEqual(SIMPLIFIED_PARAGRAPHS);
    for (const page of repaired) expect(page.warnings?.map((w) => w.code)).toEqual(['PDF_REPAIRED']);
  });

  it.each([
    ['encrypted', () => pdfs.encrypted, 'PDF_ENCRYPTED'],
    ['truncated', () => pdfs.truncated, 'PDF_UNREADABLE'],
    ['header only', () => pdfs.headerOnly, 'PDF_UNREADABLE'],
    ['named .pdf, is text', () => pdfs.notPdf, 'UNSUPPORTED_TYPE'],
    ['named .docx, is not a zip', () => docs.notDocx, 'UNSUPPORTED_TYPE'],
  ])('%s: one error object for the file, naming it', (_name, file, code) => {
    const lines = badLines.filter((l) => l.source.path === file());
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]!).sort()).toEqual(['error', 'source']);
    expect(Object.keys(lines[0]!.source)).toEqual(['path']);
    const failure = DocumentFailureSchema.parse(lines[0]);
    expect(failure.error.code).toBe(code);
    expect(failure.error.message).toContain(file());
  });

  it.each([
    ['a page of 20,000 × 20,000 points', () => pdfs.hugePage, ['PDF_PAGE_TOO_LARGE']],
    // Nesting grows both time and heap: an idle machine reaches the heap cap first, a loaded one the time cap.
    ['a nesting bomb (the time or the heap cap)', () => pdfs.nestingBomb, ['PDF_PAGE_TIMEOUT', 'PDF_PAGE_TOO_COMPLEX']],
    ['a 6,000 × 6,000 image (the heap cap)', () => pdfs.memoryBomb, ['PDF_PAGE_TOO_COMPLEX']],
  ])('%s: an error object for the page, naming the PDF and the page', async (_name, file, codes) => {
    const [failure, ...rest] = failuresOf(badLines, file());
    expect(rest).toEqual([]);
    expect(codes).toContain(failure!.error.code);
    expect(failure!.source).toEqual({ path: file(), sha256: await sha256File(file()), page: 1, pageCount: 1 });
    expect(failure!.error.message).toContain(`${file()}: page 1 of 1`);
  });

  it('reads the first 2,000 pages of a 5,000-page PDF and reports the other 3,000', () => {
    const pages = resultsOf(badLines, pdfs.manyPages);
    expect(pages).toHaveLength(2000);
    expect(pages.map((p) => p.source.page)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(pages.every((p) => p.text === '' && p.regions!.length === 0 && p.ocr === undefined)).toBe(true);
    const [failure, ...rest] = failuresOf(badLines, pdfs.manyPages);
    expect(rest).toEqual([]);
    expect(failure!.source).toMatchObject({ page: 2001, pageCount: 5000 });
    expect(failure!.error.code).toBe('PDF_TOO_MANY_PAGES');
    expect(failure!.error.message).toContain('pages 2001–5000 of 5000');
  });
});

describe('annotate on Word files and saved web pages', () => {
  it('reads a .docx as sections: its text, then each embedded image OCR\'d', () => {
    const [text, image, ...rest] = resultsOf(goodLines, docs.docx);
    expect(rest).toEqual([]);
    expect(text!.text).toBe(DOCX_PARAGRAPHS.join('\n'));
    expect(text!.source).toMatchObject({ section: 1, sectionCount: 2, sectionKind: 'text' });
    expect(text!.hits.map((h) => h.term)).toEqual(expect.arrayContaining(['统战部', '侨团', '海外侨胞']));
    const s = sample(DOCX_IMAGE_SAMPLE.slice(0, 3));
    expect(image!.source).toMatchObject({ section: 2, sectionCount: 2, sectionKind: 'image', width: s.width, height: s.height });
    expect(charErrorRate(image!.text, groundTruth(s))).toBeLessThanOrEqual(MAX_CER);
    for (const hit of image!.hits) expect(hit.bbox!.x + hit.bbox!.w).toBeLessThanOrEqual(s.width);
  });

  it('reads a saved page without its scripts and styles, and OCRs the image saved beside it', () => {
    const [text, image, ...rest] = resultsOf(goodLines, docs.html);
    expect(rest).toEqual([]);
    expect(text!.text).toBe(SAVED_PAGE_TEXT.join('\n'));
    for (const hidden of ['统战部', '劝返', '维稳']) expect(text!.text).not.toContain(hidden);
    expect(text!.warnings?.map((w) => w.code).sort()).toEqual(['IMAGES_NOT_FETCHED', 'IMAGE_OUTSIDE_PAGE']);
    expect(server.requests).toEqual([]);
    const s = sample(HTML_IMAGE_SAMPLE.slice(0, 3));
    expect(image!.source.image?.name).toBe(path.join('page_files', 'shot.png'));
    expect(charErrorRate(image!.text, groundTruth(s))).toBeLessThanOrEqual(MAX_CER);
    const annotation = WebAnnotationSchema.parse(image!.annotations[0]);
    expect(annotation.target[1]!.source).toBe(`urn:sha256:${image!.source.image!.sha256}`);
  });

  it('decodes a page saved in GBK by its declared charset', () => {
    const [page] = resultsOf(goodLines, docs.htmlGbk);
    expect(page!.text).toBe(GBK_PAGE_TEXT);
    expect(page!.hits.map((h) => h.term)).toEqual(['温州', '公安局', '聘请', '侨领', '海外联络员']);
  });
});

describe('annotate FILE.pdf (table format)', () => {
  it('names the page in each heading and says where its text came from', () => {
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`^${pdfs.textSimplified} page 1/2: simplified, \\d+ hits, text layer$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^${pdfs.textSimplified} page 2/2: simplified, \\d+ hits, text layer$`, 'm'));
    expect(table.stderr).toContain(`${pdfs.encrypted}: error PDF_ENCRYPTED`);
    expect(table.stderr).toContain(`${pdfs.hugePage} page 1/1: error PDF_PAGE_TOO_LARGE`);
  });
});
