import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { REVIEWERS } from '../auth/access.ts';
import { annotationCollection } from '../exports/annotation-collection.ts';
import { hitsCsv } from '../exports/hits-csv.ts';
import { kwicConcordance } from '../exports/kwic-concordance.ts';
import { queuedHitsWithDecisions } from '../exports/queued-hits.ts';
import { errorResponses } from '../views/error-schema.ts';
import { HitFilterQuerySchema, toHitFilters, type HitFilterQuery } from './hit-filters.ts';

const KwicLineSchema = z.object({
  hitId: z.string(),
  sha256: z.string(),
  document: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  left: z.string(),
  keyword: z.string(),
  right: z.string(),
  reviewStatus: z.string(),
  decision: z.string().nullable(),
});
export const KwicAnswerSchema = z.object({
  terms: z.array(z.object({ entryId: z.string(), term: z.string(), english: z.string(), category: z.string(), lines: z.array(KwicLineSchema) })),
});

function describe(q: HitFilterQuery): string {
  const parts = Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? `termlens hits (${parts.join(', ')})` : 'termlens hits';
}

/**
 * Exports take the review queue's filters. Every export is audited with its filters: what left
 * the service, when, and for whom.
 */
export function registerExportRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get(
    '/api/exports/annotations.jsonld',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['exports'],
        summary: 'W3C AnnotationCollection (JSON-LD) of the selected hits and their decisions',
        querystring: HitFilterQuerySchema,
        produces: ['application/ld+json'],
      },
    },
    async (request, reply) => {
      await audit(store, request, 'export.annotations', 'export', { filters: request.query });
      const hits = queuedHitsWithDecisions(store, toHitFilters(request.query));
      return reply
        .header('content-type', 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8')
        .header('content-disposition', 'attachment; filename="termlens-annotations.jsonld"')
        .send(Readable.from(annotationCollection(hits, describe(request.query))));
    },
  );

  app.get(
    '/api/exports/hits.csv',
    {
      config: { access: REVIEWERS },
      schema: { tags: ['exports'], summary: 'CSV of the selected hits with their latest decisions', querystring: HitFilterQuerySchema, produces: ['text/csv'] },
    },
    async (request, reply) => {
      await audit(store, request, 'export.hits_csv', 'export', { filters: request.query });
      const hits = queuedHitsWithDecisions(store, toHitFilters(request.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8; header=present')
        .header('content-disposition', 'attachment; filename="termlens-hits.csv"')
        .send(Readable.from(hitsCsv(hits)));
    },
  );

  app.get(
    '/api/exports/kwic.json',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['exports'],
        summary: 'Keyword-in-context concordance of the selected hits, per term',
        querystring: HitFilterQuerySchema.extend({ width: z.coerce.number().int().min(1).max(200).default(20) }),
        response: { 200: KwicAnswerSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { width, ...filters } = request.query;
      await audit(store, request, 'export.kwic', 'export', { filters });
      const terms = await kwicConcordance(store, queuedHitsWithDecisions(store, toHitFilters(filters), { withdrawn: false }), width);
      reply.header('content-disposition', 'attachment; filename="termlens-kwic.json"');
      return { terms };
    },
  );

  // The review page's "other occurrences" card: a short concordance of one entry, not an export.
  app.get(
    '/api/kwic',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['review'],
        summary: 'A few keyword-in-context lines of one glossary entry',
        querystring: z.object({
          entry: z.string().min(1).max(200),
          width: z.coerce.number().int().min(1).max(100).default(16),
          limit: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: KwicAnswerSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { entry, width, limit } = request.query;
      const terms = await kwicConcordance(store, queuedHitsWithDecisions(store, { entryId: entry }, { withdrawn: false }), width, limit);
      return { terms };
    },
  );
}
