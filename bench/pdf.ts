/**
 * PDF reading speed and the render resolution for OCR. Prints figures, never gates.
 *
 *   npm run bench:pdf [-- --pages N] [--skip-dpi] [--json FILE]
 *
 * 1. Throughput, `termlens annotate --format jsonl` in child processes with one OCR lane each
 *    (TERMLENS_OCR_WORKERS=1), one process and then two side by side ("workers": the queue path
 *    comes later), over three PDFs of N pages the bench makes: text-layer pages (Chromium's
 *    print of samples/' ground truth), scanned pages (samples/ screenshots wrapped into
 *    image-only pages) and report pages (English text around a screenshot). Pages per minute
 *    are taken between a process's first and last page line, so start-up (glossary, jieba, OCR
 *    models) does not count.
 * 2. Where a page's time goes, in process: MuPDF extraction, render and PNG hand-over against
 *    OCR, per kind of page. Targets: a text-layer page ≤ 1/10 of a scanned page; everything
 *    outside OCR ≤ 10% of a scanned page's time.
 * 3. CER against dpi: the scans rendered at 72–300 dpi and OCR'd, scans placed at 96 and 150 dpi.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createOcrEngine } from '../src/engines/create-engine.ts';
import type { OcrEngine } from '../src/domain/ocr.ts';
import { config } from '../src/config.ts';
import { ocrImage } from '../src/stages/ocr.ts';
import { pageGeometry } from '../src/stages/pdf/page-geometry.ts';
import { planPageReading, textLayerOf } from '../src/stages/pdf/page-reading-plan.ts';
import { PdfDocument } from '../src/stages/pdf/pdf-document.ts';
import type { PdfLimits } from '../src/stages/pdf/pdf-limits.ts';
import { encodeForOcr, uprightOf } from '../src/stages/pdf/placed-image.ts';
import { createTextContext } from '../src/pipeline/text-context.ts';
import { analyseOcr } from '../src/pipeline/analyse-ocr.ts';
import { charErrorRate } from '../src/util/char-error-rate.ts';
import { loadManifest, readTruth, SAMPLES_DIR, type Sample } from '../scripts/samples-manifest.ts';
import { imageOnlyPdf, launchChromium, printPdf } from '../tests/fixtures/make-pdfs.ts';
import { describeMachine } from './lib/machine.ts';
import { fixed, mean, percent } from './lib/stats.ts';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'termlens.js');
const { values } = parseArgs({ options: { pages: { type: 'string' }, 'skip-dpi': { type: 'boolean' }, json: { type: 'string' } } });
const PAGES = Number(values.pages ?? 12);
const DPIS = [72, 100, 150, 200, 300];

const LIMITS: PdfLimits = {
  maxPages: 2000,
  dpi: config().pdfDpi,
  maxPixels: config().maxImagePixels,
  pageTimeoutMs: 60_000,
  maxHeapBytes: config().pdfMaxHeapBytes,
  minImageSide: 16,
  minImagePixels: 4096,
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const html = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>@page{size:A4;margin:20mm}body{font-family:'Noto Sans CJK SC','DejaVu Sans';font-size:12pt;line-height:1.6}.p{page-break-after:always}img{width:14cm;display:block;margin:6mm 0}</style></head><body>${body}</body></html>`;

async function makeCorpus(dir: string, samples: Sample[]): Promise<Record<'text' | 'scanned' | 'report', string>> {
  const pick = (i: number) => samples[i % samples.length]!;
  const browser = await launchChromium();
  try {
    const texts = await Promise.all(Array.from({ length: PAGES }, (_, i) => readTruth(pick(i))));
    const text = await printPdf(browser, html(texts.map((t) => `<div class="p"><p>${escapeHtml(t).replace(/\n/g, '')}</p></div>`).join('')));
    const shots = await Promise.all(Array.from({ length: PAGES }, (_, i) => readFile(path.join(SAMPLES_DIR, pick(i).file))));
    const report = await printPdf(
      browser,
      html(
        shots
          .map((shot, i) => {
            const mime = pick(i).file.endsWith('.jpg') ? 'image/jpeg' : 'image/png';
            return `<div class="p"><p>Figure ${i + 1} shows a page the investigation archived. The station's own words are quoted below.</p><img src="data:${mime};base64,${shot.toString('base64')}"><p>Source: archived copy.</p></div>`;
          })
          .join(''),
      ),
    );
    const files = { text: path.join(dir, 'text.pdf'), scanned: path.join(dir, 'scanned.pdf'), report: path.join(dir, 'report.pdf') };
    await writeFile(files.text, text);
    await writeFile(files.scanned, imageOnlyPdf(shots, 96));
    await writeFile(files.report, report);
    return files;
  } finally {
    await browser.close();
  }
}

/** One `annotate` process over a PDF: when each page's line came out, in seconds from spawn. */
function annotateTimes(file: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'annotate', '--format', 'jsonl', file], {
      env: { ...process.env, TERMLENS_OCR_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const times: number[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.includes('"error"') && !line.includes('"text"')) process.stderr.write(`page failed: ${line.slice(0, 200)}\n`);
        times.push((performance.now() - started) / 1000);
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(times));
  });
}

/** Pages per minute of k processes side by side, each over the whole PDF, between first and last page. */
async function throughput(file: string, processes: number): Promise<number> {
  const runs = await Promise.all(Array.from({ length: processes }, () => annotateTimes(file)));
  return runs.reduce((sum, times) => sum + (60 * (times.length - 1)) / (times[times.length - 1]! - times[0]!), 0);
}

type Split = { extract: number; render: number; handover: number; ocr: number; analysis: number };

/** In process, per page: MuPDF's extraction, its render, the PNG hand-over, OCR and the analysis after it. */
async function splitTimes(file: string, engine: OcrEngine, ctx: Awaited<ReturnType<typeof createTextContext>>): Promise<Split[]> {
  const doc = await PdfDocument.open(file, await readFile(file), LIMITS);
  const splits: Split[] = [];
  try {
    await doc.page(0); // the thread's first page warms MuPDF up
    for (let index = 0; index < doc.pageCount; index++) {
      let t = performance.now();
      const content = await doc.page(index);
      if (!content.ok) throw new Error(content.error.message);
      const extract = performance.now() - t;
      const plan = planPageReading(content.value);
      const split: Split = { extract, render: 0, handover: 0, ocr: 0, analysis: 0 };
      const g = pageGeometry(content.value.bounds, LIMITS.dpi, LIMITS.maxPixels, file);
      const texts: string[] = [];
      if (plan.kind === 'render') {
        t = performance.now();
        const rendered = await doc.render(index, g.dpi);
        if (!rendered.ok) throw new Error(rendered.error.message);
        split.render = performance.now() - t;
        t = performance.now();
        const png = await encodeForOcr(rendered.value);
        split.handover = performance.now() - t;
        t = performance.now();
        texts.push((await ocrImage(png, engine)).text);
        split.ocr = performance.now() - t;
      } else {
        texts.push(textLayerOf(content.value));
        for (const block of content.value.blocks) {
          if (block.kind !== 'image' || !block.pixels) continue;
          t = performance.now();
          const png = await encodeForOcr(block.pixels, uprightOf(block.transform));
          split.handover += performance.now() - t;
          t = performance.now();
          texts.push((await ocrImage(png, engine)).text);
          split.ocr += performance.now() - t;
        }
      }
      const text = texts.join('\n');
      const read = { text, boxes: Array.from(text, () => null) };
      t = performance.now();
      if (read.text) analyseOcr(read, { sha256: '0'.repeat(64), unit: `page=${index + 1}` }, ctx);
      split.analysis = performance.now() - t;
      splits.push(split);
    }
  } finally {
    await doc.close();
  }
  return splits;
}

async function dpiSweep(engine: OcrEngine, samples: Sample[], dir: string): Promise<{ placed: number; dpi: number; cer: number; seconds: number }[]> {
  const chosen = samples.filter((_, i) => i % 3 === 0).slice(0, 8);
  const shots = await Promise.all(chosen.map((s) => readFile(path.join(SAMPLES_DIR, s.file))));
  const truths = await Promise.all(chosen.map((s) => readTruth(s)));
  const rows: { placed: number; dpi: number; cer: number; seconds: number }[] = [];
  for (const placed of [96, 150]) {
    const file = path.join(dir, `scan-${placed}.pdf`);
    await writeFile(file, imageOnlyPdf(shots, placed));
    const doc = await PdfDocument.open(file, await readFile(file), LIMITS);
    try {
      for (const dpi of DPIS) {
        const cers: number[] = [];
        const started = performance.now();
        for (let i = 0; i < chosen.length; i++) {
          const rendered = await doc.render(i, dpi);
          if (!rendered.ok) throw new Error(rendered.error.message);
          const ocr = await ocrImage(await encodeForOcr(rendered.value), engine);
          cers.push(charErrorRate(ocr.text, truths[i]!));
        }
        rows.push({ placed, dpi, cer: mean(cers), seconds: (performance.now() - started) / 1000 / chosen.length });
        process.stderr.write(`dpi sweep: scans at ${placed} dpi rendered at ${dpi}: CER ${percent(mean(cers), 2)}\n`);
      }
    } finally {
      await doc.close();
    }
  }
  return rows;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-bench-pdf-'));
try {
  console.log(`bench:pdf — ${describeMachine()}; ${PAGES} pages per PDF, pages at ${LIMITS.dpi} dpi`);
  const samples = await loadManifest();
  const corpus = await makeCorpus(dir, samples);

  const ctx = await createTextContext();
  const engine = await createOcrEngine(config().ocrEngine, { tesseract: { glossaryForms: ctx.glossary.surfaceForms }, paddle: { glossaryForms: ctx.glossary.surfaceForms } });
  const figures: Record<string, unknown> = {};
  try {
    console.log('\nWhere a page\'s time goes (in process, one OCR lane, ms per page, mean):');
    console.log('| pages | extract | render | hand-over | OCR | analysis | total | outside OCR |');
    console.log('|---|---|---|---|---|---|---|---|');
    const totals: Record<string, number> = {};
    // jieba and the matcher build their tables on first use: not a page's cost.
    analyseOcr({ text: '公安部在海外设立警侨驿站', boxes: Array.from('公安部在海外设立警侨驿站', () => null) }, { sha256: '0'.repeat(64) }, ctx);
    for (const kind of ['text', 'scanned', 'report'] as const) {
      const splits = await splitTimes(corpus[kind], engine, ctx);
      const m = (key: keyof Split) => mean(splits.map((s) => s[key]));
      const total = m('extract') + m('render') + m('handover') + m('ocr') + m('analysis');
      totals[kind] = total;
      const outside = (m('extract') + m('render') + m('handover')) / total;
      figures[`split_${kind}`] = { extract: m('extract'), render: m('render'), handover: m('handover'), ocr: m('ocr'), analysis: m('analysis'), total };
      console.log(`| ${kind} | ${fixed(m('extract'), 0)} | ${fixed(m('render'), 0)} | ${fixed(m('handover'), 0)} | ${fixed(m('ocr'), 0)} | ${fixed(m('analysis'), 0)} | ${fixed(total, 0)} | ${percent(outside)} |`);
    }
    const scannedOutside = figures.split_scanned as Split & { total: number };
    console.log(`\ntext-layer page / scanned page: ${fixed(totals.text! / totals.scanned!, 3)} (target ≤ 0.1)`);
    console.log(`extraction + render + hand-over on a scanned page: ${percent((scannedOutside.extract + scannedOutside.render + scannedOutside.handover) / scannedOutside.total)} of its time (target ≤ 10%)`);

    if (!values['skip-dpi']) {
      console.log('\nCER against render dpi (8 samples as scans; mean CER, seconds per page):');
      const sweep = await dpiSweep(engine, samples, dir);
      figures.dpi = sweep;
      console.log(`| scan placed at | ${DPIS.map((d) => `${d} dpi`).join(' | ')} |`);
      console.log(`|---|${DPIS.map(() => '---').join('|')}|`);
      for (const placed of [96, 150]) {
        const cells = DPIS.map((dpi) => sweep.find((r) => r.placed === placed && r.dpi === dpi)!).map((r) => `${percent(r.cer, 2)}, ${fixed(r.seconds, 2)} s`);
        console.log(`| ${placed} dpi | ${cells.join(' | ')} |`);
      }
    }
  } finally {
    await engine.terminate();
  }

  console.log('\nThroughput of `termlens annotate` (pages per minute, TERMLENS_OCR_WORKERS=1 per process):');
  console.log('| pages | 1 worker | 2 workers | speedup |');
  console.log('|---|---|---|---|');
  for (const kind of ['text', 'scanned', 'report'] as const) {
    const one = await throughput(corpus[kind], 1);
    const two = await throughput(corpus[kind], 2);
    figures[`throughput_${kind}`] = { one, two };
    console.log(`| ${kind} | ${fixed(one, 1)} | ${fixed(two, 1)} | ${fixed(two / one, 2)}× |`);
  }
  if (values.json) await writeFile(values.json, JSON.stringify(figures, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
