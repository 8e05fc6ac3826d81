import { z } from 'zod';
import { ReviewStatusSchema } from '../../store/repositories/hit-queue.ts';
import type { DocumentListCursor } from '../../store/repositories/document-list.ts';
import type { ApiApp } from '../api-app.ts';
import { HttpError } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { REVIEWERS } from '../auth/access.ts';
import { errorResponses } from '../views/error-schema.ts';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const ListedDocumentSchema = z.object({
  sha256: z.string(),
  firstPath: z.string(),
  mediaType: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
  script: z.string().nullable(),
  /** Hits of the latest analysis by review status; `possible`: how many of them are `possible` hits, counted apart. */
  hits: z.object({
    total: z.number().int(),
    pending: z.number().int(),
    confirmed: z.number().int(),
    rejected: z.number().int(),
    corrected: z.number().int(),
    possible: z.number().int(),
  }),
});

const CursorSchema = z.tuple([z.string().max(40), z.string().regex(/^[0-9a-f]{64}$/)]);

function encodeListCursor(c: DocumentListCursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.sha256])).toString('base64url');
}

function decodeListCursor(value: string): DocumentListCursor {
  try {
    const [createdAt, sha256] = CursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { createdAt, sha256 };
  } catch {
    throw new HttpError(400, 'BAD_CURSOR', 'the cursor is not one this service gave out');
  }
}

export function registerDocumentListRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;

  app.get(
    '/api/documents',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['documents'],
        summary: 'The documents in upload order with script, size and hit counts by review status; filtered, keyset-paged',
        querystring: z.object({
          batch: optional(z.string().min(1).max(100)),
          script: optional(z.enum(['simplified', 'traditional', 'mixed', 'none'])),
          hasHits: optional(z.enum(['true', 'false'])),
          status: optional(ReviewStatusSchema.exclude(['withdrawn'])).describe('documents with at least one hit in this review status'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: optional(z.string().max(300)),
        }),
        response: { 200: z.object({ items: z.array(ListedDocumentSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const { batch, script, hasHits, status, limit, cursor } = request.query;
      const after = cursor === undefined ? undefined : decodeListCursor(cursor);
      const filters = { batchId: batch, script, hasHits: hasHits === undefined ? undefined : hasHits === 'true', status };
      // One more than asked tells whether there is a further page.
      const rows = await store.documentList.list(filters, { limit: limit + 1, after });
      const page = rows.slice(0, limit);
      const items = await Promise.all(
        page.map(async (d) => {
          const [hits, possible] = await Promise.all([store.hits.count({ sha256: d.sha256 }), store.hits.count({ sha256: d.sha256, kind: 'possible' })]);
          return { ...d, hits: { ...hits, possible: possible.total } };
        }),
      );
      const last = page.at(-1);
      return { items, nextCursor: last && rows.length > limit ? encodeListCursor(last) : null };
    },
  );
}
