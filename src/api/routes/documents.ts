import { z } from 'zod';
import { RegionSchema, UnitWarningSchema } from '../../domain/document-unit.ts';
import { TokenSchema } from '../../domain/hit.ts';
import { pdfLimits } from '../../pipeline/input-limits.ts';
import { renderPagePng } from '../../pipeline/pdf/render-page-png.ts';
import { ScriptSchema } from '../../domain/script.ts';
import type { ApiApp } from '../api-app.ts';
import { notFound } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { REVIEWERS } from '../auth/access.ts';
import { errorResponses } from '../views/error-schema.ts';
import { HitViewSchema, toHitView } from '../views/hit-view.ts';
import { scriptViews } from '../views/script-views.ts';

const Sha256Params = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const DocumentViewSchema = z.object({
  sha256: z.string(),
  firstPath: z.string(),
  mediaType: z.string(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  createdAt: z.string(),
  /** OCR text in the original script: untrusted, to be shown as text, never as HTML. */
  text: z.string(),
  script: ScriptSchema,
  /** The text per code point in each script, so hit offsets mark the same characters in all three. */
  scripts: z.object({ original: z.string(), simplified: z.string(), traditional: z.string() }),
  tokens: z.array(TokenSchema),
  ocr: z.object({ engine: z.string(), languages: z.array(z.string()), meanConfidence: z.number() }).nullable(),
  glossaryVersion: z.string(),
  hits: z.array(HitViewSchema),
  /**
   * For a page of a PDF: which page of which PDF, its scale (width and height are the page's
   * pixels at `dpi`, the grid of every bbox and of the image route's render), where its text came
   * from and what the reader warned of. Null for a screenshot.
   */
  page: z
    .object({
      number: z.number().int().positive(),
      pageCount: z.number().int().positive(),
      pdfSha256: z.string(),
      dpi: z.number(),
      widthPoints: z.number(),
      heightPoints: z.number(),
      regions: z.array(RegionSchema),
      warnings: z.array(UnitWarningSchema),
    })
    .nullable(),
});

/** Image types served as they are; anything else is sent as a download, never rendered. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp', 'image/tiff']);

export function registerDocumentRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store, blobs } = deps;

  app.get(
    '/api/documents/:sha256',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['documents'],
        summary: 'A document: OCR text in three scripts, tokens and hits of its latest analysis',
        params: Sha256Params,
        response: { 200: DocumentViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { sha256 } = request.params;
      const [document, analysis, ocr] = await Promise.all([
        store.getDocument(sha256),
        store.getLatestAnalysis(sha256),
        store.getOcrResult(sha256),
      ]);
      if (!document || !analysis) throw notFound('analysed document');
      const hits = await store.hits.queued({ sha256 }, { limit: 100_000 });
      await audit(store, request, 'document.view', sha256, {});
      return {
        sha256,
        firstPath: document.firstPath,
        mediaType: document.mediaType,
        bytes: document.bytes,
        width: document.width ?? ocr?.width ?? null,
        height: document.height ?? ocr?.height ?? null,
        createdAt: document.createdAt,
        text: analysis.text,
        script: analysis.script,
        scripts: scriptViews(analysis.text),
        tokens: analysis.tokens,
        ocr: ocr ? { engine: ocr.engine, languages: ocr.languages, meanConfidence: ocr.meanConfidence } : null,
        glossaryVersion: analysis.glossaryVersion,
        hits: hits.map((h) => toHitView(h)),
        page: document.pdfPage
          ? {
              number: document.pdfPage.page,
              pageCount: document.pdfPage.pageCount,
              pdfSha256: document.pdfPage.sourceSha256,
              dpi: document.pdfPage.geometry.dpi,
              widthPoints: document.pdfPage.geometry.widthPoints,
              heightPoints: document.pdfPage.geometry.heightPoints,
              regions: document.pdfPage.regions,
              warnings: document.pdfPage.warnings,
            }
          : null,
      };
    },
  );

  app.get(
    '/api/documents/:sha256/image',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['documents'],
        summary: 'The original screenshot, byte for byte, with its media type; for a PDF page, the page rendered as PNG at its dpi',
        params: Sha256Params,
        produces: [...INLINE_TYPES],
      },
    },
    async (request, reply) => {
      const { sha256 } = request.params;
      const document = await store.getDocument(sha256);
      if (!document) throw notFound('document');
      const original = await blobs.get(document.blobKey);
      // A PDF page is shown as its render, never as the PDF (which a browser would run a viewer on).
      const data = document.pdfPage ? await renderPagePng(original, document.pdfPage, pdfLimits()) : original;
      const mediaType = document.pdfPage ? 'image/png' : document.mediaType;
      await audit(store, request, 'document.image_view', sha256, {});
      const inline = INLINE_TYPES.has(mediaType);
      // nosniff: the type is the one ingest found by magic bytes, and the browser must not guess
      // another (a polyglot file rendered as HTML). The sandbox CSP covers opening it on its own.
      return reply
        .header('content-type', inline ? mediaType : 'application/octet-stream')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${sha256}"`)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(data);
    },
  );
}
