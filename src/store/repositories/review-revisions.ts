import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.ts';
import { RevisionConflictError } from '../revision-conflict-error.ts';
import { toReviewRevisionRecord } from '../row-mappers.ts';
import { type NewReviewRevision, NewReviewRevisionSchema, type ReviewRevisionRecord } from '../store.ts';
import { isUniqueViolation } from '../unique-violation.ts';
import { chunks, INSERT_CHUNK, now } from './sql-helpers.ts';

/** The decisions on a hit, append-only: a revision number is taken once, never overwritten. */
export class ReviewRevisionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async append(input: NewReviewRevision): Promise<ReviewRevisionRecord> {
    const revision = NewReviewRevisionSchema.parse(input);
    try {
      const row = await this.#db
        .insertInto('review_revisions')
        .values({
          hit_id: revision.hitId,
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
      return toReviewRevisionRecord(row);
    } catch (error) {
      // Here a taken key is the answer, not a row to read back: the caller decided on an outdated hit.
      if (isUniqueViolation(error)) throw new RevisionConflictError(revision.hitId, revision.revision, { cause: error });
      throw error;
    }
  }

  /** A hit's revisions, oldest first. */
  async list(hitId: string): Promise<ReviewRevisionRecord[]> {
    const rows = await this.#db.selectFrom('review_revisions').selectAll().where('hit_id', '=', hitId).orderBy('revision').execute();
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
        .selectFrom('review_revisions as r')
        .selectAll()
        .where('r.hit_id', 'in', chunk)
        .where(sql<boolean>`r.revision = (select max(r2.revision) from review_revisions r2 where r2.hit_id = r.hit_id)`)
        .execute();
      for (const row of rows) out.set(row.hit_id, toReviewRevisionRecord(row));
    }
    return out;
  }
}
