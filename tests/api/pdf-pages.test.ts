import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { ENGLISH_PARAGRAPH, launchChromium, printPdf, SIMPLIFIED_PARAGRAPHS } from '../fixtures/make-pdfs.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedPdf } from './helpers/seed-pdf.ts';

/** A PDF's pages through the API (issue #18, point 3): the page and its number, its render, exports that carry the page. */

const reportHtml = (pages: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm; } body { font-family: 'Noto Sans CJK SC'; font-size: 14pt; }
   .page { page-break-after: always; }</style></head><body>${pages.map((p) => `<div class="page">${p}</div>`).join('')}</body></html>`;

describe('PDF pages in the API', () => {
  let env: ApiTestEnv;
  let seeded: { sha256: string; pages: string[] };
  const engine = createTesseractEngine({ workers: 1 });

  beforeAll(async () => {
    env = await createApiTestEnv();
    const browser = await launchChromium();
    const pdf = await printPdf(browser, reportHtml([ENGLISH_PARAGRAPH, SIMPLIFIED_PARAGRAPHS[1]!])).finally(() => browser.close());
    seeded = await seedPdf({ store: env.store, blobs: env.blobs, engine, context: async () => env.deps.glossary.textContext() }, pdf, 'report.pdf');
  }, 60_000);

  afterAll(async () => {
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
});
