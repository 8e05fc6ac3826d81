import { z } from 'zod';
import { unionBoxes } from '../../domain/geometry.ts';
import { statusOfDecision } from '../../store/repositories/hit-queue.ts';
import { RevisionConflictError } from '../../store/revision-conflict-error.ts';
import type { StoredHit } from '../../store/store.ts';
import type { ApiApp } from '../api-app.ts';
import { HttpError, notFound } from '../api-error.ts';
import type { ApiDeps } from '../api-deps.ts';
import { audit } from '../audit.ts';
import { REVIEWERS } from '../auth/access.ts';
import { ErrorSchema, errorResponses } from '../views/error-schema.ts';
import { checkIfMatch, hitEtag } from '../views/hit-etag.ts';
import { HitViewSchema, toHitView } from '../views/hit-view.ts';
import { RevisionViewSchema, toRevisionView } from '../views/revision-view.ts';

/** A note or a reading is typed by a person: no control characters except line breaks and tabs. */
const PersonText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters are not allowed');

const CorrectionSchema = z
  .object({
    /** Another glossary entry this span is really an instance of. */
    entryId: z.string().min(1).max(200).optional(),
    /** A different span of the text, in code points. */
    start: z.number().int().nonnegative().optional(),
    end: z.number().int().positive().optional(),
    /** What the span really says, where OCR misread it; the OCR text itself is never changed. */
    reading: PersonText(500).pipe(z.string().min(1)).optional(),
  })
  .strict()
  .refine((c) => (c.start === undefined) === (c.end === undefined), 'give start and end together')
  .refine((c) => c.start === undefined || c.end === undefined || c.start < c.end, 'start must be before end');

const DecisionBodySchema = z
  .object({
    decision: z.enum(['confirm', 'reject', 'correct']),
    note: PersonText(4000).optional(),
    correction: CorrectionSchema.optional(),
  })
  .strict()
  .refine((b) => b.decision === 'correct' || b.correction === undefined, 'only a correct decision carries a correction')
  .refine(
    (b) => b.decision !== 'correct' || (b.correction !== undefined && Object.keys(b.correction).length > 0),
    'a correct decision needs a correction: entryId, start/end or reading',
  );
type DecisionBody = z.infer<typeof DecisionBodySchema>;

/**
 * What a correction changes, resolved against the glossary and the evidence: a new entry brings
 * its term and English; a new span brings the text it covers and its box on the image. Stored in
 * the revision; the hit, the OCR text and the image stay as they were.
 */
async function resolveCorrection(deps: ApiDeps, hit: StoredHit, correction: NonNullable<DecisionBody['correction']>) {
  const out: Record<string, unknown> = {};
  if (correction.entryId !== undefined) {
    const entry = deps.glossary.entry(correction.entryId);
    if (!entry) throw new HttpError(400, 'UNKNOWN_ENTRY', `the glossary has no entry "${correction.entryId}"`);
    Object.assign(out, { entryId: entry.id, term: entry.term, english: entry.english[0], category: entry.category });
  }
  if (correction.start !== undefined && correction.end !== undefined) {
    const [analysis, ocr] = await Promise.all([deps.store.getLatestAnalysis(hit.sha256), deps.store.getOcrResult(hit.sha256)]);
    // The span is in the text the hit's offsets refer to: its analysis's text.
    const chars = [...(analysis?.text ?? '')];
    if (correction.end > chars.length) {
      throw new HttpError(400, 'SPAN_OUT_OF_TEXT', `the text has ${chars.length} characters; the span ends at ${correction.end}`);
    }
    out.start = correction.start;
    out.end = correction.end;
    out.matched = chars.slice(correction.start, correction.end).join('');
    const bbox = ocr && ocr.text === analysis?.text ? unionBoxes(ocr.boxes.slice(correction.start, correction.end)) : null;
    if (bbox) out.bbox = bbox;
  }
  if (correction.reading !== undefined) out.reading = correction.reading;
  return out;
}

/**
 * A decision on a hit: a new revision, never an update. The client says which version it
 * decided on (If-Match with the hit's ETag): none → 428, an older one → 412, and two reviewers
 * racing on the same version are told apart by the store's unique revision number (the second
 * gets 412 too), so nobody's decision is silently replaced.
 */
export function registerDecisionRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps;
  app.post(
    '/api/hits/:id/decisions',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['review'],
        summary: 'Confirm, reject or correct a hit (If-Match: the hit\'s ETag)',
        params: z.object({ id: z.string().min(1).max(100) }),
        headers: z.object({ 'if-match': z.string().max(500).optional() }).loose(),
        body: DecisionBodySchema,
        response: {
          201: z.object({ hit: HitViewSchema, revision: RevisionViewSchema }),
          ...errorResponses,
          412: ErrorSchema,
          428: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const hit = await store.getHit(request.params.id);
      if (!hit) throw notFound('hit');
      const revisions = await store.listReviewRevisions(hit.id);
      const current = revisions[revisions.length - 1]?.revision ?? 0;
      try {
        checkIfMatch(request.headers['if-match'], hitEtag(hit.id, current));
      } catch (error) {
        if (error instanceof HttpError) await audit(store, request, 'review.refused', hit.id, { code: error.code, revision: current });
        throw error;
      }
      const body = request.body;
      const corrected = body.decision === 'correct' && body.correction ? await resolveCorrection(deps, hit, body.correction) : null;
      let record;
      try {
        record = await store.appendReviewRevision({
          hitId: hit.id,
          revision: current + 1,
          decision: body.decision,
          corrected,
          note: body.note?.trim() ? body.note : null,
          author: request.principal!.actor,
        });
      } catch (error) {
        if (!(error instanceof RevisionConflictError)) throw error;
        await audit(store, request, 'review.refused', hit.id, { code: 'HIT_CHANGED', revision: current + 1 });
        throw new HttpError(412, 'HIT_CHANGED', 'someone decided on this hit at the same moment; reload it and decide again');
      }
      await audit(store, request, `review.${body.decision}`, hit.id, {
        revision: record.revision,
        sha256: hit.sha256,
        entryId: hit.entryId,
        ...(corrected ? { corrected } : {}),
      });
      const view = toHitView({ ...hit, revision: record.revision, reviewStatus: statusOfDecision(record.decision) });
      reply.header('etag', view.etag);
      return reply.code(201).send({ hit: view, revision: toRevisionView(record) });
    },
  );
}
