import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CATEGORIES, CategorySchema } from '../../domain/glossary.ts';
import { entryMatches } from '../../glossary/entry-search.ts';
import { editEntry } from '../../review/entry-edits.ts';
import { previewRetag } from '../../review/retag-preview.ts';
import type { ApiApp } from '../api-app.ts';
import { notFound } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { ADMINS, REVIEWERS } from '../auth/access.ts';
import { ErrorSchema, errorResponses } from '../views/error-schema.ts';
import { GlossaryEntryViewSchema, toGlossaryEntryView } from '../views/glossary-entry-view.ts';

const EditAnswerSchema = z.object({
  entry: GlossaryEntryViewSchema.nullable(),
  versionBefore: z.string(),
  versionAfter: z.string(),
  changed: z.boolean(),
  warnings: z.array(z.string()),
  /** After a change, stored documents still carry the old version's hits until they are re-tagged. */
  retag: z.object({ offered: z.boolean(), href: z.string() }),
});

/** An entry as an admin sends it: the glossary file's fields. */
const EntryBodySchema = z.object({
  term: z.string().min(1).max(100),
  traditional: z.array(z.string().min(1).max(100)).max(50).default([]),
  variants: z.array(z.string().min(1).max(100)).max(100).default([]),
  deprecated: z.array(z.string().min(1).max(100)).max(50).optional(),
  english: z.array(z.string().min(1).max(300)).min(1).max(20),
  category: CategorySchema,
  note: z.string().min(1).max(4000).optional(),
  source: z.array(z.string().min(1).max(200)).min(1).max(50),
});

export function registerGlossaryRoutes(app: ApiApp, deps: ApiDeps): void {
  const { glossary, store } = deps;

  app.get(
    '/api/glossary',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['glossary'],
        summary: 'Browse and search glossary entries',
        querystring: z.object({
          q: z.string().min(1).max(100).optional().describe('searches forms (either script), English, id and note'),
          category: CategorySchema.optional(),
        }),
        response: {
          200: z.object({ version: z.string(), categories: z.array(z.string()), entries: z.array(GlossaryEntryViewSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { q, category } = request.query;
      const entries = glossary.current.entries.filter((e) => (!category || e.category === category) && (!q || entryMatches(e, q)));
      return { version: glossary.version, categories: [...CATEGORIES], entries: entries.map(toGlossaryEntryView) };
    },
  );

  app.get(
    '/api/glossary/entries/:id',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['glossary'],
        summary: 'One glossary entry',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: GlossaryEntryViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const entry = glossary.entry(request.params.id);
      if (!entry) throw notFound('glossary entry');
      return toGlossaryEntryView(entry);
    },
  );

  const edit = async (request: FastifyRequest, id: string, body: z.infer<typeof EntryBodySchema>, creating: boolean) => {
    const outcome = await editEntry(glossary, { id, fields: body, creating }, (action, subject, details) => audit(store, request, action, subject, details));
    return {
      entry: outcome.entry ? toGlossaryEntryView(outcome.entry) : null,
      versionBefore: outcome.versionBefore,
      versionAfter: outcome.versionAfter,
      changed: outcome.changed,
      warnings: outcome.problems.filter((p) => p.severity === 'warning').map((p) => p.message),
      retag: { offered: outcome.changed, href: '/api/glossary/retag' },
    };
  };

  const editSchema = (summary: string, params: z.ZodType) => ({
    tags: ['glossary'],
    summary,
    params,
    body: EntryBodySchema,
    response: { 200: EditAnswerSchema, 201: EditAnswerSchema, ...errorResponses, 409: ErrorSchema, 422: ErrorSchema },
  });

  app.put(
    '/api/glossary/entries/:id',
    {
      config: { access: ADMINS },
      schema: editSchema(
        'Change an entry (merged like an import: forms, renderings and sources are added, never deleted)',
        z.object({ id: z.string().min(1).max(200) }),
      ),
    },
    async (request) => edit(request, (request.params as { id: string }).id, request.body, false),
  );

  app.post(
    '/api/glossary/entries',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['glossary'],
        summary: 'Add an entry (written to imported.yaml)',
        body: EntryBodySchema.extend({ id: z.string().min(1).max(200) }),
        response: { 201: EditAnswerSchema, ...errorResponses, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { id, ...body } = request.body;
      return reply.code(201).send(await edit(request, id, body, true));
    },
  );

  /** The stored documents, or those of the batch (404 for a batch that does not exist). */
  async function documentsOf(batchId: string | undefined): Promise<string[]> {
    if (batchId !== undefined && !(await store.getBatch(batchId))) throw notFound('batch');
    return store.listDocumentSha256s(batchId !== undefined ? { batchId } : {});
  }

  /** The documents a re-tag covers: those (of the batch) with stored OCR text, which is what is tagged. */
  async function documentsToRetag(batchId: string | undefined): Promise<string[]> {
    const all = await documentsOf(batchId);
    const withOcr: string[] = [];
    for (const sha256 of all) if (await store.getOcrResult(sha256)) withOcr.push(sha256);
    return withOcr;
  }

  app.get(
    '/api/glossary/retag-preview',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['glossary'],
        summary: 'What a re-tag with the current glossary would do to the review: decisions kept, reopened, withdrawn; new hits',
        querystring: z.object({ batch: z.string().min(1).max(100).optional() }),
        response: {
          200: z.object({
            glossaryVersion: z.string(),
            documents: z.number().int(),
            kept: z.number().int(),
            reopened: z.number().int(),
            withdrawn: z.number().int(),
            added: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    // previewRetag reads each document's OCR text and counts only those that have one: no second read here.
    async (request) => previewRetag(store, await documentsOf(request.query.batch), glossary.textContext()),
  );

  app.post(
    '/api/glossary/retag',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['glossary'],
        summary: 'Tag stored documents again with the current glossary, without OCR',
        body: z.object({ batch: z.string().min(1).max(100).optional() }).default({}),
        response: { 202: z.object({ glossaryVersion: z.string(), documents: z.number().int() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const batchId = request.body.batch;
      const withOcr = await documentsToRetag(batchId);
      const documents = await deps.processor.retag(withOcr, glossary.version);
      await audit(store, request, 'glossary.retag', batchId ?? '*', { glossaryVersion: glossary.version, documents });
      return reply.code(202).send({ glossaryVersion: glossary.version, documents });
    },
  );
}
