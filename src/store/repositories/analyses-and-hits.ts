import { type Kysely, sql } from 'kysely';
import type { Database, HitsTable } from '../database-schema.ts';
import { reviewKey } from '../../domain/review-key.ts';
import { hitIds } from '../hit-id.ts';
import { toAnalysisRecord, toStoredHit } from '../row-mappers.ts';
import { type AnalysisInput, AnalysisInputSchema, type AnalysisRecord, type StoredHit } from '../store.ts';
import { writeSearchIndex } from '../search/search-index-writer.ts';
import { inTransaction } from './in-transaction.ts';
import { findReopened } from './reopened-hits.ts';
import { lockDocument, refreshQueueTally } from './queue-tally.ts';
import type { Replacement } from '../../domain/replaced-hits.ts';
import { chunks, INSERT_CHUNK, now } from './sql-helpers.ts';

/**
 * Analyses and their hits: one aggregate, since a (document, glossary version) analysis and its
 * hits are always written together. Older glossary versions' rows stay as history.
 */
export class AnalysisRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async save(input: AnalysisInput): Promise<{ hitIds: string[] }> {
    const analysis = AnalysisInputSchema.parse(input);
    if (analysis.annotations.length !== analysis.hits.length) {
      throw new Error(`analysis of ${analysis.sha256} has ${analysis.hits.length} hits but ${analysis.annotations.length} annotations`);
    }
    const ids = hitIds(analysis.sha256, analysis.glossaryVersion, analysis.hits);
    const keyed = analysis.hits.map((hit) => ({ ...hit, reviewKey: reviewKey(analysis.sha256, hit) }));
    const rowsWith = (reopened: Map<number, Replacement>): HitsTable[] => analysis.hits.map((hit, i) => ({
      id: ids[i]!,
      sha256: analysis.sha256,
      glossary_version: analysis.glossaryVersion,
      ordinal: i,
      entry_id: hit.entryId,
      term: hit.term,
      english: hit.english,
      category: hit.category,
      matched: hit.matched,
      start_offset: hit.start,
      end_offset: hit.end,
      kind: hit.kind,
      confidence: hit.confidence,
      form: hit.form,
      status: hit.status ?? null,
      preferred: hit.preferred ?? null,
      bbox_json: hit.bbox ? JSON.stringify(hit.bbox) : null,
      boxes_json: hit.boxes ? JSON.stringify(hit.boxes) : null,
      annotation_json: JSON.stringify(analysis.annotations[i]),
      review_key: keyed[i]!.reviewKey,
      reopened_from: reopened.get(i)?.from ?? null,
      reopened_reason: reopened.get(i)?.reason ?? null,
    }));

    await inTransaction(this.#db, async (trx) => {
      // The document's row lock first: a decision on one of its hits waits until this save has
      // committed, and then counts the tally from the new hits (queue-tally.ts).
      await lockDocument(trx, analysis.sha256);
      // Read in the transaction, before this save's rows replace anything, so a retried save
      // compares against the same previous analysis and writes the same reasons.
      const rows = rowsWith(await findReopened(trx, analysis.sha256, analysis.glossaryVersion, keyed));
      const analysedAt = now();
      // seq orders saves per document; computed in the statement so it needs no read first.
      const nextSeq = sql<number>`(select coalesce(max(a.seq), 0) + 1 from analyses a where a.sha256 = ${analysis.sha256})`;
      await trx
        .insertInto('analyses')
        .values({
          sha256: analysis.sha256,
          glossary_version: analysis.glossaryVersion,
          analysed_text: analysis.text,
          script: analysis.script,
          tokens_json: JSON.stringify(analysis.tokens),
          hit_count: analysis.hits.length,
          seq: nextSeq,
          analysed_at: analysedAt,
        })
        .onConflict((oc) =>
          oc.columns(['sha256', 'glossary_version']).doUpdateSet({
            analysed_text: analysis.text,
            script: analysis.script,
            tokens_json: JSON.stringify(analysis.tokens),
            hit_count: analysis.hits.length,
            seq: nextSeq,
            analysed_at: analysedAt,
          }),
        )
        .execute();
      // This save is now the document's latest analysis (its seq is the highest): the queue
      // reads which one that is, and how many hits it has, from the document row.
      await trx
        .updateTable('documents')
        .set({ latest_glossary_version: analysis.glossaryVersion, latest_hit_count: analysis.hits.length })
        .where('sha256', '=', analysis.sha256)
        .execute();

      // Hits of this pair that the new analysis no longer has go; the rest are upserted by
      // their deterministic ids, so two workers saving the same analysis cannot collide.
      let stale = trx
        .deleteFrom('hits')
        .where('sha256', '=', analysis.sha256)
        .where('glossary_version', '=', analysis.glossaryVersion);
      if (ids.length > 0) stale = stale.where('id', 'not in', ids);
      await stale.execute();

      for (const chunk of chunks(rows, INSERT_CHUNK)) {
        await trx
          .insertInto('hits')
          .values(chunk)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              ordinal: eb.ref('excluded.ordinal'),
              term: eb.ref('excluded.term'),
              english: eb.ref('excluded.english'),
              category: eb.ref('excluded.category'),
              matched: eb.ref('excluded.matched'),
              kind: eb.ref('excluded.kind'),
              confidence: eb.ref('excluded.confidence'),
              form: eb.ref('excluded.form'),
              status: eb.ref('excluded.status'),
              preferred: eb.ref('excluded.preferred'),
              bbox_json: eb.ref('excluded.bbox_json'),
              boxes_json: eb.ref('excluded.boxes_json'),
              annotation_json: eb.ref('excluded.annotation_json'),
              review_key: eb.ref('excluded.review_key'),
              reopened_from: eb.ref('excluded.reopened_from'),
              reopened_reason: eb.ref('excluded.reopened_reason'),
            })),
          )
          .execute();
      }
      // The saved analysis is the latest: the search index and the review tally follow it.
      await writeSearchIndex(trx, { sha256: analysis.sha256, text: analysis.text, script: analysis.script });
      await refreshQueueTally(trx, analysis.sha256, { withdrawn: true });
    });
    return { hitIds: ids };
  }

  async latest(sha256: string): Promise<AnalysisRecord | undefined> {
    const row = await this.#latestRow(sha256);
    return row && toAnalysisRecord(row);
  }

  #latestRow(sha256: string) {
    return this.#db
      .selectFrom('analyses')
      .selectAll()
      .where('sha256', '=', sha256)
      .orderBy('seq', 'desc')
      .orderBy('analysed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Hits of one glossary version, or of the latest analysis when none is given; in text order. */
  async hits(sha256: string, glossaryVersion?: string): Promise<StoredHit[]> {
    let version = glossaryVersion;
    if (version === undefined) {
      version = (await this.#latestRow(sha256))?.glossary_version;
      if (version === undefined) return [];
    }
    const rows = await this.#db
      .selectFrom('hits')
      .selectAll()
      .where('sha256', '=', sha256)
      .where('glossary_version', '=', version)
      .orderBy('ordinal')
      .execute();
    return rows.map(toStoredHit);
  }

  async hit(hitId: string): Promise<StoredHit | undefined> {
    const row = await this.#db.selectFrom('hits').selectAll().where('id', '=', hitId).executeTakeFirst();
    return row && toStoredHit(row);
  }
}
