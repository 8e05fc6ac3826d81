import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { RevisionConflictError } from '../revision-conflict-error.ts';
import { toReviewRevisionRecord } from '../row-mappers.ts';
import { type NewReviewRevision, NewReviewRevisionSchema, type ReviewRevisionRecord } from '../store.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { inTransaction } from './in-transaction.ts';
import { lockDocument, refreshQueueTally } from './queue-tally.ts';
import { chunks, INSERT_CHUNK, now } from './sql-helpers.ts';

/**
 * The decisions on a hit, append-only: a revision number is taken once, never overwritten.
 * Revisions belong to the hit's review key (unique per key and number), so every glossary
 * version's hit with that key shows the same history and the same latest decision; `hit_id`
 * records which version's hit the decision was made on.
 */
export class ReviewRevisionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async append(input: NewReviewRevision): Promise<ReviewRevisionRecord> {
    const revision = NewReviewRevisionSchema.parse(input);
    try {
      const row = await inTransaction(this.#db, async (trx) => {
        const hit = await trx.selectFrom('hits').select(['sha256', 'glossary_version', 'review_key']).where('id', '=', revision.hitId).executeTakeFirst();
        // The document's row lock comes before anything the tally reads.
        const latestVersion = hit ? await lockDocument(trx, hit.sha256) : null;
        const inserted = await trx
          .insertInto('review_revisions')
          .values({
            hit_id: revision.hitId,
            review_key: hit?.review_key ?? null,
            revision: revision.revision,
            decision: revision.decision,
            corrected_json: revision.corrected == null ? null : JSON.stringify(revision.corrected),
            note: revision.note ?? null,
            author: revision.author,
            created_at: now(),
            bulk_id: revision.bulkId ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (hit && inserted.review_key !== null) {
          await upsertLatestDecision(trx, inserted.review_key, inserted.revision, inserted.decision);
          await refreshQueueTally(trx, hit.sha256, { withdrawn: hit.glossary_version !== latestVersion });
        }
        return inserted;
      });
      return toReviewRevisionRecord(row);
    } catch (error) {
      // Here a taken key is the answer, not a row to read back: the caller decided on an outdated hit.
      if (isUniqueViolation(error)) throw new RevisionConflictError(revision.hitId, revision.revision, { cause: error });
      throw error;
    }
  }

  /** A hit's revisions (those of its review key), oldest first. */
  async list(hitId: string): Promise<ReviewRevisionRecord[]> {
    const rows = await this.#db
      .selectFrom('review_revisions as r')
      .selectAll('r')
      .where('r.review_key', '=', (eb) => eb.selectFrom('hits as h').select('h.review_key').where('h.id', '=', hitId))
      .orderBy('r.revision')
      .execute();
    return rows.map(toReviewRevisionRecord);
  }

  async listOfKey(reviewKey: string): Promise<ReviewRevisionRecord[]> {
    const rows = await this.#db.selectFrom('review_revisions').selectAll().where('review_key', '=', reviewKey).orderBy('revision').execute();
    return rows.map(toReviewRevisionRecord);
  }

  /** The revisions one bulk action wrote (at most one per hit), in hit id order. */
  async listByBulk(bulkId: string): Promise<ReviewRevisionRecord[]> {
    const rows = await this.#db.selectFrom('review_revisions').selectAll().where('bulk_id', '=', bulkId).orderBy('hit_id').execute();
    return rows.map(toReviewRevisionRecord);
  }

  /** The latest revision of each of these hits that has one, by hit id (for exports). */
  async latestOf(hitIds: readonly string[]): Promise<Map<string, ReviewRevisionRecord>> {
    const out = new Map<string, ReviewRevisionRecord>();
    for (const chunk of chunks(hitIds, INSERT_CHUNK)) {
      const rows = await this.#db
        .selectFrom('hits as h')
        .innerJoin('latest_decisions as ld', 'ld.review_key', 'h.review_key')
        .innerJoin('review_revisions as r', (join) => join.onRef('r.review_key', '=', 'ld.review_key').onRef('r.revision', '=', 'ld.revision'))
        .selectAll('r')
        .select('h.id as of_hit')
        .where('h.id', 'in', chunk)
        .execute();
      for (const { of_hit, ...row } of rows) out.set(of_hit, toReviewRevisionRecord(row));
    }
    return out;
  }
}

/**
 * Keeps latest_decisions (the queue counter's one row per decided key) at the key's highest
 * revision. Revision numbers are unique per key, so a higher one is always the newer.
 */
async function upsertLatestDecision(db: Kysely<Database>, reviewKey: string, revision: number, decision: string): Promise<void> {
  await db
    .insertInto('latest_decisions')
    .values({ review_key: reviewKey, revision, decision })
    .onConflict((oc) =>
      oc
        .column('review_key')
        .doUpdateSet((eb) => ({ revision: eb.ref('excluded.revision'), decision: eb.ref('excluded.decision') }))
        .where('latest_decisions.revision', '<', (eb) => eb.ref('excluded.revision')),
    )
    .execute();
}
