import { type Kysely, sql } from 'kysely';
import { reviewKey } from '../../domain/review-key.ts';

/** Rows per statement: well under SQLite's 32,766 bound parameters (two per row). */
const CHUNK = 500;

/**
 * Gives every stored hit its review key, computed in JavaScript (the key is a sha256 neither
 * backend computes the same way in SQL). One UPDATE … FROM (VALUES …) per chunk: both backends
 * name a VALUES list's columns column1, column2, so the statement is the same on both.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
export async function fillReviewKeys(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('hits')
      .select(['id', 'sha256', 'entry_id', 'start_offset', 'end_offset', 'matched', 'form', 'status'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(CHUNK)
      .execute();
    if (rows.length === 0) return;
    const values = rows.map((row) => {
      const key = reviewKey(row.sha256, {
        entryId: row.entry_id,
        start: Number(row.start_offset),
        end: Number(row.end_offset),
        matched: row.matched,
        form: row.form,
        ...(row.status === 'deprecated' ? { status: 'deprecated' as const } : {}),
      });
      return sql`(${row.id}, ${key})`;
    });
    await sql`update hits set review_key = v.column2 from (values ${sql.join(values)}) as v where hits.id = v.column1`.execute(db);
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * Where one review key holds revisions of several hits (one per glossary version, each
 * numbered from 1), numbers them again as one history, oldest first, so that (review_key,
 * revision) is unique and the latest decision is the one made last.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
export async function renumberSharedKeys(db: Kysely<any>): Promise<void> {
  const shared = await db
    .selectFrom('review_revisions')
    .select('review_key')
    .where('review_key', 'is not', null)
    .groupBy('review_key')
    .having((eb) => eb.fn.count('hit_id').distinct(), '>', 1)
    .execute();
  for (const { review_key } of shared) {
    const rows = await db
      .selectFrom('review_revisions')
      .selectAll()
      .where('review_key', '=', review_key)
      .orderBy('created_at')
      .orderBy('hit_id')
      .orderBy('revision')
      .execute();
    await db.deleteFrom('review_revisions').where('review_key', '=', review_key).execute();
    await db
      .insertInto('review_revisions')
      .values(rows.map((row, i) => ({ ...row, revision: i + 1 })))
      .execute();
  }
}
