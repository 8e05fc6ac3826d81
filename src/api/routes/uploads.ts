import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ApiApp } from '../api-app.ts';
import { HttpError } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { UPLOADERS } from '../auth/access.ts';
import { BatchItemViewSchema, BatchViewSchema, toBatchItemView, toBatchView } from '../views/batch-view.ts';
import { ErrorSchema } from '../views/error-schema.ts';
import { ingestUpload, recordInterruptedUpload } from '../upload/ingest-upload.ts';
import { receiveUpload, UploadInterruptedError } from '../upload/receive-upload.ts';

const UploadAnswerSchema = z.object({
  batch: BatchViewSchema,
  items: z.array(BatchItemViewSchema),
  deferred: z.object({ code: z.string(), message: z.string() }).optional(),
});

/**
 * Screenshots or zips as multipart/form-data (any field name; an optional `name` field labels
 * the batch). The whole request is read into a private temp folder first and only then stored,
 * so a request refused on a limit (413), or cut by a shutdown (UPLOAD_INTERRUPTED, recorded as a
 * batch of failed items), leaves nothing behind.
 */
export function registerUploadRoutes(app: ApiApp, deps: ApiDeps): void {
  app.post(
    '/api/uploads',
    {
      config: { access: UPLOADERS },
      schema: {
        tags: ['uploads'],
        summary: 'Upload screenshots or zips (multipart/form-data); starts a batch',
        consumes: ['multipart/form-data'],
        response: { 202: UploadAnswerSchema, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => deps.uploads.track(async (signal) => {
      if (!request.isMultipart()) throw new HttpError(415, 'UPLOAD_NOT_MULTIPART', 'send the files as multipart/form-data');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-upload-'));
      try {
        const received = await receiveUpload(request, deps.uploadLimits, dir, signal).catch(async (error: unknown) => {
          if (error instanceof UploadInterruptedError) {
            const batch = await recordInterruptedUpload({
              fileNames: error.fileNames,
              ...(error.fields.name !== undefined ? { name: error.fields.name } : {}),
              actor: request.principal!.actor,
              store: deps.store,
            });
            await audit(deps.store, request, 'upload.interrupted', batch.id, { code: error.code, files: error.fileNames.length });
          }
          if (error instanceof HttpError && error.statusCode === 413) {
            await audit(deps.store, request, 'upload.refused', 'upload', { code: error.code, reason: error.message });
            // The client may still be sending; closing is cheaper than reading what will be thrown away.
            reply.header('connection', 'close');
          }
          throw error;
        });
        if (received.files.length === 0) throw new HttpError(400, 'UPLOAD_EMPTY', 'the upload holds no files');
        const ingested = await ingestUpload({
          files: received.files,
          ...(received.fields.name !== undefined ? { name: received.fields.name } : {}),
          actor: request.principal!.actor,
          store: deps.store,
          blobs: deps.blobs,
          processor: deps.processor,
          limits: deps.ingestLimits,
        });
        const counts = await deps.store.batchCounts(ingested.batch.id);
        await audit(deps.store, request, 'upload.created', ingested.batch.id, {
          files: received.files.map((f) => ({ name: f.name, bytes: f.bytes })),
          items: counts.total,
          failed: counts.failed,
          duplicate: counts.duplicate,
        });
        return reply.code(202).send({
          batch: toBatchView(ingested.batch, counts),
          items: ingested.items.map(toBatchItemView),
          ...(ingested.deferred ? { deferred: ingested.deferred } : {}),
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
  );
}
