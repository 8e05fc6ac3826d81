import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageDocumentKey } from '../../src/domain/pdf-page-key.ts';
import { ENGLISH_PARAGRAPH, imageOnlyPdf, launchChromium, printPdf, SCANNED_SAMPLES, SIMPLIFIED_PARAGRAPHS, TRADITIONAL_PARAGRAPH } from '../fixtures/make-pdfs.ts';
import { writeZip } from '../fixtures/make-zips.ts';
import { createQueueTestEnv, SAMPLES_DIR, storeRowCounts, type QueueTestEnv } from './helpers/queue-env.ts';
import { allQueueCounts } from './helpers/queue-jobs.ts';
import { lastJsonLine, runTermlens, spawnWorker, type WorkerProcess } from './helpers/queue-processes.ts';
import { startTestRedis, type TestRedis } from './helpers/queue-redis.ts';

/** PDF pages as units of the batch path (issue #18, point 3): split, one job per page, idempotent, page-level recovery. */

const html = (pages: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 14pt; }
   .page { page-break-after: always; }</style></head><body>${pages.map((p) => `<div class="page">${p}</div>`).join('')}</body></html>`;

const pageRuns = (logs: readonly string[]) => {
  const runs = new Map<string, number>();
  for (const log of logs) for (const m of log.matchAll(/"msg":"pdf-page ([0-9a-f]{12}) p(\d+) ran in /g)) runs.set(`${m[1]}:${m[2]}`, (runs.get(`${m[1]}:${m[2]}`) ?? 0) + 1);
  return runs;
};

describe('PDF pages in batches', () => {
  let redis: TestRedis;
  let t: QueueTestEnv;
  let browser: Browser;
  const workers: WorkerProcess[] = [];
  let report: Buffer;
  let single: Buffer;

  beforeAll(async () => {
    redis = await startTestRedis();
    t = await createQueueTestEnv(redis);
    browser = await launchChromium();
    report = await printPdf(browser, html([SIMPLIFIED_PARAGRAPHS[0]!, SIMPLIFIED_PARAGRAPHS[1]!, ENGLISH_PARAGRAPH]));
    single = await printPdf(browser, html([TRADITIONAL_PARAGRAPH]));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await browser?.close();
    await redis?.dispose();
    await t?.dispose();
  });

  it('a folder with a 3-page PDF and a zip holding a PDF: one document per page, hits on their page, status counts pages', async () => {
    const folder = path.join(t.workDir, 'pdfs');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'report.pdf'), report);
    // Named .bin: a PDF is known by its header, not its name.
    await writeFile(path.join(folder, 'zz-copy-of-report.bin'), report);
    const zipped = path.join(t.workDir, 'leak.zip');
    await writeZip(zipped, [{ name: 'inner/notice.pdf', data: single }, { name: 'inner/screenshot.png', data: await readFile(path.join(SAMPLES_DIR, SCANNED_SAMPLES[0]!)) }]);
    const worker = spawnWorker(t.env, { concurrency: 2 });
    workers.push(worker);
    await worker.waitForOutput(/started:/);

    const folderRun = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(folderRun.code, folderRun.stderr).toBe(0);
    expect(lastJsonLine(folderRun.stdout)).toMatchObject({ total: 2, done: 1, failed: 0, duplicates: 1 });
    const zipRun = await runTermlens(['batch', zipped, '--wait', '--format', 'json'], t.env);
    expect(zipRun.code, zipRun.stderr).toBe(0);
    expect(lastJsonLine(zipRun.stdout)).toMatchObject({ total: 2, done: 2, failed: 0 });

    const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const [reportSha, singleSha] = [sha(report), sha(single)];
    const docs = await t.db.query<{ sha256: string; source_sha256: string | null; page: number | null; first_path: string }>(
      'select sha256, source_sha256, page, first_path from documents where source_sha256 is not null order by source_sha256, page',
    );
    expect(docs.filter((d) => d.source_sha256 === reportSha).map((d) => [Number(d.page), d.sha256, d.first_path])).toEqual([
      [1, pageDocumentKey(reportSha, 1), 'report.pdf#page=1'],
      [2, pageDocumentKey(reportSha, 2), 'report.pdf#page=2'],
      [3, pageDocumentKey(reportSha, 3), 'report.pdf#page=3'],
    ]);
    expect(docs.filter((d) => d.source_sha256 === singleSha).map((d) => [Number(d.page), d.first_path])).toEqual([[1, 'inner/notice.pdf#page=1']]);

    // The text layer, page by page: the page's own paragraph and nothing of the others.
    const text = async (page: number) =>
      (await t.db.query<{ clean_text: string; engine: string }>('select clean_text, engine from ocr_results where sha256 = ?', [pageDocumentKey(reportSha, page)]))[0]!;
    expect((await text(1)).clean_text.replace(/\s/g, '')).toBe(SIMPLIFIED_PARAGRAPHS[0]);
    expect((await text(2)).clean_text.replace(/\s/g, '')).toBe(SIMPLIFIED_PARAGRAPHS[1]);
    expect((await text(1)).engine).toBe('pdf-text-layer');
    const terms = async (page: number) =>
      (await t.db.query<{ term: string; annotation_json: string }>('select term, annotation_json from hits where sha256 = ?', [pageDocumentKey(reportSha, page)]));
    expect((await terms(1)).map((h) => h.term)).toContain('警侨驿站');
    expect((await terms(1)).map((h) => h.term)).not.toContain('警侨联动');
    expect((await terms(2)).map((h) => h.term)).toContain('警侨联动');
    expect(await terms(3)).toEqual([]);
    // The annotation targets the PDF, page 2, with an RFC 8118 selector.
    const annotation = JSON.parse((await terms(2))[0]!.annotation_json) as { target: { source: string; selector: { type: string; value?: string }[] }[] };
    const target = JSON.stringify(annotation.target);
    expect(target).toContain(reportSha);
    expect(target).toMatch(/page=2&viewrect=/);

    const status = await runTermlens(['status', '--format', 'json'], t.env);
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const byTotal = Object.fromEntries(lines.map((l) => [l.batch as string, l]));
    const folderBatch = (lastJsonLine(folderRun.stdout) as { batch: string }).batch;
    const zipBatch = (lastJsonLine(zipRun.stdout) as { batch: string }).batch;
    expect(byTotal[folderBatch]).toMatchObject({ total: 2, pdfs: 1, pages: { total: 3, done: 3, failed: 0, pending: 0, notRead: 0 } });
    expect(byTotal[zipBatch]).toMatchObject({ total: 2, pdfs: 1, pages: { total: 1, done: 1, failed: 0 } });
    const text2 = await runTermlens(['status', folderBatch], t.env);
    expect(text2.stdout).toMatch(/2 files, 1 done, 0 failed, 1 duplicate; 1 PDF, 3 pages: 3 done, 0 failed/);

    // The batch's exports: one jsonl object per page, in page order, with the page; CSV rows with the page.
    const jsonl = await runTermlens(['export', '--batch', folder, '--format', 'jsonl'], t.env);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const objects = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: { path: string; sha256: string; page?: number; pageCount?: number } });
    expect(objects.map((o) => [o.source.path, o.source.page, o.source.pageCount, o.source.sha256])).toEqual([
      ['report.pdf', 1, 3, reportSha],
      ['report.pdf', 2, 3, reportSha],
      ['report.pdf', 3, 3, reportSha],
      ['zz-copy-of-report.bin', 1, 3, reportSha],
      ['zz-copy-of-report.bin', 2, 3, reportSha],
      ['zz-copy-of-report.bin', 3, 3, reportSha],
    ]);
    const csv = await runTermlens(['export', '--batch', folder, '--format', 'csv'], t.env);
    const csvLines = csv.stdout.trim().split(/\r?\n/);
    expect(csvLines[0]!.split(',').at(-1)).toBe('page');
    expect(csvLines.find((l) => l.includes('警侨联动'))!.split(',').at(-1)).toBe('2');

    // Running the batch again duplicates nothing: no page read again, no row added.
    const before = await storeRowCounts(t.db);
    const pageCount = async () => Number(Object.values((await t.db.query<Record<string, unknown>>('select count(*) as n from pdf_pages'))[0]!)[0]);
    const pagesBefore = await pageCount();
    const again = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(again.code, again.stderr).toBe(0);
    expect(lastJsonLine(again.stdout)).toMatchObject({ total: 2, done: 1, duplicates: 1 });
    expect(await storeRowCounts(t.db)).toEqual(before);
    expect(await pageCount()).toBe(pagesBefore);
    expect(before).toMatchObject({ documents: 5, ocrResults: 5 });
    expect([...pageRuns([worker.output()]).values()].every((n) => n === 1)).toBe(true);
    expect(pageRuns([worker.output()]).size).toBe(4);
  });

  it('a worker killed mid-PDF: every page ends done, each page read to the end once', async () => {
    const scans = await Promise.all([...SCANNED_SAMPLES, ...SCANNED_SAMPLES, ...SCANNED_SAMPLES].map((name) => readFile(path.join(SAMPLES_DIR, name))));
    // Six scanned pages (each OCR'd: seconds, not milliseconds), so the kill lands mid-PDF.
    const scanned = imageOnlyPdf(scans.slice(0, 6), 96);
    const folder = path.join(t.workDir, 'crash');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'scan.pdf'), scanned);
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    const [victim, survivor] = [spawnWorker(t.env), spawnWorker(t.env)];
    workers.push(victim, survivor);
    await Promise.all([victim.waitForOutput(/started:/), survivor.waitForOutput(/started:/)]);

    const submitted = await runTermlens(['batch', folder, '--format', 'json'], t.env);
    expect(submitted.code, submitted.stderr).toBe(0);
    await victim.waitForOutput(/"msg":"pdf-page [0-9a-f]{12} p\d+ ran in /, 120_000);
    await new Promise((r) => setTimeout(r, 300));
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');

    const waited = await runTermlens(['batch', folder, '--wait', '--format', 'json'], t.env);
    expect(waited.code, waited.stderr).toBe(0);
    expect(lastJsonLine(waited.stdout)).toMatchObject({ total: 1, done: 1, failed: 0 });
    const sha = createHash('sha256').update(scanned).digest('hex');
    const pages = await t.db.query<{ page: number; status: string }>('select page, status from pdf_pages where pdf_sha256 = ? order by page', [sha]);
    expect(pages.map((p) => [Number(p.page), p.status])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, 'done']));
    const ocr = await t.db.query<{ n: number }>(
      'select count(*) as n from ocr_results where sha256 in (select document_sha256 from pdf_pages where pdf_sha256 = ?)',
      [sha],
    );
    expect(Number(Object.values(ocr[0]!)[0])).toBe(6);
    // No page was read to the end twice: a page's job that finished reading is logged `ran`
    // once; one the victim had stored but not yet reported done is found stored by the
    // survivor (`already-stored`), not read again. Every page is one of the two (a re-run of the
    // split may also find a page that ran stored, waiting for its analysis).
    const runs = pageRuns([victim.output(), survivor.output()]);
    const ofThisPdf = [...runs].filter(([key]) => key.startsWith(sha.slice(0, 12)));
    expect(ofThisPdf.every(([, n]) => n === 1)).toBe(true);
    const found = new Set([...`${victim.output()}${survivor.output()}`.matchAll(/"msg":"pdf-page ([0-9a-f]{12}) p(\d+) already-stored in /g)].filter((m) => m[1] === sha.slice(0, 12)).map((m) => m[2]));
    const ran = new Set(ofThisPdf.map(([key]) => key.split(':')[1]));
    expect(new Set([...ran, ...found]).size).toBe(6);
    // The victim read some pages, the survivor the rest: the PDF was spread over both.
    expect(pageRuns([victim.output()]).size).toBeGreaterThan(0);
    expect(pageRuns([survivor.output()]).size).toBeGreaterThan(0);
    // The last page's analysis may finish the item a moment before its page job is marked
    // completed in Redis: wait for that, then nothing may be left active (or waiting).
    let counts = await allQueueCounts(t.env);
    for (let i = 0; i < 100 && counts.ocr.active + counts.analysis.active > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      counts = await allQueueCounts(t.env);
    }
    expect(counts.ocr.active + counts.analysis.active + counts.ocr.waiting + counts.analysis.waiting).toBe(0);
  });
});
