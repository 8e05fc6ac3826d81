import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { pageDocumentKey } from '../../src/domain/pdf-page-key.ts';
import { ENGLISH_PARAGRAPH, launchChromium, printPdf, SIMPLIFIED_PARAGRAPHS, TRADITIONAL_PARAGRAPH } from '../fixtures/make-pdfs.ts';
import { buildZip } from '../fixtures/make-zips.ts';
import { multipart } from './helpers/multipart.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedPdf } from './helpers/seed-pdf.ts';

/** A PDF's pages through the API (issue #18, point 3): the page and its number, its render, exports that carry the page. */

const reportHtml = (pages: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 14pt; }
   .page { page-break-after: always; }</style></head><body>${pages.map((p) => `<div class="page">${p}</div>`).join('')}</body></html>`;

describe('PDF pages in the API', () => {
  let env: ApiTestEnv;
  let seeded: { sha256: string; pages: string[] };
  let uploadPdf: Buffer;
  let zippedPdf: Buffer;
  const engine = createTesseractEngine({ workers: 1 });

  beforeAll(async () => {
    env = await createApiTestEnv();
    const browser = await launchChromium();
    const [pdf, upload, zipped] = await Promise.all([
      printPdf(browser, reportHtml([ENGLISH_PARAGRAPH, SIMPLIFIED_PARAGRAPHS[1]!])),
      printPdf(browser, reportHtml([SIMPLIFIED_PARAGRAPHS[0]!, TRADITIONAL_PARAGRAPH])),
      printPdf(browser, reportHtml([TRADITIONAL_PARAGRAPH])),
    ]).finally(() => browser.close());
    uploadPdf = upload;
    zippedPdf = zipped;
    seeded = await seedPdf({ store: env.store, blobs: env.blobs, engine, context: async () => env.deps.glossary.textContext() }, pdf, 'report.pdf');
  }, 60_000);

  afterAll(async () => {
    await env?.processor.idle();
    await engine.terminate();
    await env?.close();
  });

  it('serves the page with its number and scale, and its render as a PNG of exactly the page pixel space', async () => {
    const response = await env.as('reviewer', { method: 'GET', url: `/api/documents/${seeded.pages[1]}` });
    expect(response.statusCode, response.body).toBe(200);
    const doc = response.json();
    expect(doc.page).toMatchObject({ number: 2, pageCount: 2, pdfSha256: seeded.sha256 });
    expect(doc.page.regions[0].kind).toBe('text-layer');
    expect(doc.text.replace(/\s/g, '')).toBe(SIMPLIFIED_PARAGRAPHS[1]);
    const hit = doc.hits.find((h: { term: string }) => h.term === '警侨联动');
    expect(hit).toBeDefined();

    const image = await env.as('reviewer', { method: 'GET', url: `/api/documents/${seeded.pages[1]}/image` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    const meta = await sharp(image.rawPayload).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: doc.width, height: doc.height });
    // The hit's box lies on the page, where the text is: the render is dark there, not blank.
    const { x, y, w, h } = hit.bbox;
    expect(x + w).toBeLessThanOrEqual(doc.width);
    expect(y + h).toBeLessThanOrEqual(doc.height);
    const crop = await sharp(image.rawPayload).extract({ left: x, top: y, width: w, height: h }).greyscale().stats();
    expect(crop.channels[0]!.min).toBeLessThan(128);

    // The other page is a document of its own: page 1, the English text, no hits.
    const first = await env.as('reviewer', { method: 'GET', url: `/api/documents/${seeded.pages[0]}` });
    expect(first.json().page.number).toBe(1);
    expect(first.json().hits).toEqual([]);
  });

  it('the hits CSV carries the page and the PDF, the annotations the RFC 8118 page selector', async () => {
    const csv = await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv' });
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.term === '警侨联动');
    expect(row).toMatchObject({ page: '2', pdf_sha256: seeded.sha256, sha256: seeded.pages[1] });

    const annotations = await env.as('reviewer', { method: 'GET', url: '/api/exports/annotations.jsonld' });
    expect(annotations.statusCode).toBe(200);
    const items = annotations.json().first.items as { target: unknown }[];
    expect(items.length).toBeGreaterThan(0);
    const targets = JSON.stringify(items.map((a) => a.target));
    expect(targets).toContain(`urn:sha256:${seeded.sha256}`);
    expect(targets).toMatch(/page=2&viewrect=\d/);
  });

  it('takes PDFs uploaded on their own and inside a zip: one item each, a document per page, read without Redis', async () => {
    const zip = buildZip([{ name: 'leak/notice.pdf', data: zippedPdf }]);
    const body = multipart([
      { name: 'report.pdf', data: uploadPdf, type: 'application/pdf' },
      { name: 'leak.zip', data: zip, type: 'application/zip' },
    ]);
    const response = await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers });
    expect(response.statusCode, response.body).toBe(202);
    const batchId = response.json().batch.id as string;
    await env.processor.idle();
    const items = await env.store.listBatchItems(batchId);
    expect(items.map((i) => [i.itemKey, i.status, i.errorCode])).toEqual([
      ['leak.zip/leak/notice.pdf', 'done', null],
      ['report.pdf', 'done', null],
    ]);
    const reportSha = items.find((i) => i.itemKey === 'report.pdf')!.sha256!;
    const pages = await Promise.all([1, 2].map(async (n) => (await env.as('reviewer', { method: 'GET', url: `/api/documents/${pageDocumentKey(reportSha, n)}` })).json()));
    expect(pages.map((p) => [p.page.number, p.page.pageCount])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(pages[0].text.replace(/\s/g, '')).toBe(SIMPLIFIED_PARAGRAPHS[0]);
    expect(pages[1].text.replace(/\s/g, '')).toBe(TRADITIONAL_PARAGRAPH);
    // Traditional text on page 2 is tagged there: 僑領 is the entry qiaoling.
    expect(pages[1].hits.map((h: { entryId: string }) => h.entryId)).toContain('qiaoling');
    const zippedSha = items.find((i) => i.itemKey.endsWith('notice.pdf'))!.sha256!;
    const zippedPage = (await env.as('reviewer', { method: 'GET', url: `/api/documents/${pageDocumentKey(zippedSha, 1)}` })).json();
    expect(zippedPage.page).toMatchObject({ number: 1, pageCount: 1, pdfSha256: zippedSha });
  });
});
