import { type Kysely, sql } from 'kysely';
import { annotateHits } from '../../../src/stages/annotate.ts';

/**
 * Rows as a store written before migration 0006 held them (no review keys), for the migration
 * tests: a document, its analyses and hits in the columns of that time, written with plain SQL
 * because today's store would write today's columns.
 */
// biome-ignore lint/suspicious/noExplicitAny: rows of the schema as it was before 0006, not today's Database type
type OldDb = Kysely<any>;

/** `hitCount`: the hits each analysis will have (the queue's counter sums it). */
export async function insertOldDocument(db: OldDb, sha256: string, text: string, versions: readonly string[], hitCount: number): Promise<void> {
  await sql`insert into documents (sha256, media_type, bytes, width, height, blob_key, first_path, created_at)
    values (${sha256}, 'image/png', 1, 10, 10, 'k', 'a.png', '2026-01-01T00:00:00.000Z')`.execute(db);
  for (const [i, version] of versions.entries()) {
    await sql`insert into analyses (sha256, glossary_version, analysed_text, script, tokens_json, hit_count, seq, analysed_at)
      values (${sha256}, ${version}, ${text}, 'simplified', '[]', ${hitCount}, ${i + 1}, ${`2026-01-0${i + 1}T00:00:00.000Z`})`.execute(db);
  }
}

export async function insertOldHit(
  db: OldDb,
  hit: { id: string; sha256: string; text: string; version: string; ordinal: number; entryId: string; term: string },
): Promise<void> {
  const chars = [...hit.text];
  const start = [...hit.text.slice(0, hit.text.indexOf(hit.term))].length;
  const end = start + [...hit.term].length;
  const annotation = annotateHits({ sha256: hit.sha256, mediaType: 'image/png', glossaryVersion: hit.version }, chars.join(''), [
    { entryId: hit.entryId, term: hit.term, english: hit.entryId, category: 'place', matched: hit.term, start, end, kind: 'exact', confidence: 1, form: hit.term },
  ])[0];
  await sql`insert into hits (id, sha256, glossary_version, ordinal, entry_id, term, english, category, matched, start_offset, end_offset, kind, confidence, form, annotation_json)
    values (${hit.id}, ${hit.sha256}, ${hit.version}, ${hit.ordinal}, ${hit.entryId}, ${hit.term}, ${hit.entryId}, 'place', ${hit.term}, ${start}, ${end}, 'exact', 1, ${hit.term}, ${JSON.stringify(annotation)})`.execute(db);
}
