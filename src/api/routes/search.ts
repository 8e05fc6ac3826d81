import { z } from 'zod';
import { SEARCH_SCRIPTS, searchCorpus } from '../../pipeline/search-corpus.ts';
import type { ApiApp } from '../api-app.ts';
import type { ApiDeps } from '../api-deps.ts';
import { REVIEWERS } from '../auth/access.ts';
import { BoxSchema } from '../../domain/geometry.ts';
import { errorResponses } from '../views/error-schema.ts';

/** A form left at "any" sends `script=`: an empty value means no filter, not a bad one. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const SearchResultSchema = z.object({
  sha256: z.string(),
  path: z.string(),
  batch: z.string().optional(),
  start: z.number().int(),
  end: z.number().int(),
  /** As it stands in the document's text: untrusted, to be shown as text, never as HTML. */
  matched: z.string(),
  snippet: z.string(),
  fuzzy: z.boolean(),
  bbox: BoxSchema.optional(),
  boxes: z.array(BoxSchema).optional(),
});

const SearchPageSchema = z.object({
  results: z.array(SearchResultSchema),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});

export function registerSearchRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get(
    '/api/search',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['search'],
        summary: 'Occurrences of a literal query in every document, in either script, through OCR spaces and line breaks; keyset-paged',
        querystring: z.object({
          // Bounded here only against abuse; the 200-character rule is the search's own, with its own message.
          q: z.string().max(2000).default(''),
          batch: optional(z.string().min(1).max(100)),
          script: optional(z.enum(SEARCH_SCRIPTS)),
          fuzzy: optional(z.enum(['true', 'false'])),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: optional(z.string().max(200)),
        }),
        response: { 200: SearchPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { q, batch, script, fuzzy, limit, cursor } = request.query;
      const page = await searchCorpus(store, { query: q, batchId: batch, script, fuzzy: fuzzy === 'true', limit, cursor });
      return { results: page.results, nextCursor: page.nextCursor ?? null };
    },
  );
}
