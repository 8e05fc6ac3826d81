import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import { toDocumentRecord } from '../row-mappers.ts';
import { type DocumentRecord, type NewDocument, NewDocumentSchema } from '../store.ts';
import { insertOrFind } from './insert-or-find.ts';
import { now } from './sql-helpers.ts';

/**
 * Originals as stored: one row per sha256, written once and never changed, but for the pointer
 * to its latest analysis and the review tally that the analyses and decisions keep (latest_*).
 */
export class DocumentRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async put(input: NewDocument): Promise<{ document: DocumentRecord; created: boolean }> {
    const doc = NewDocumentSchema.parse(input);
    const { record, created } = await insertOrFind({
      what: `document ${doc.sha256}`,
      insert: () =>
        this.#db
          .insertInto('documents')
          .values({
            sha256: doc.sha256,
            media_type: doc.mediaType,
            bytes: doc.bytes,
            width: doc.width ?? null,
            height: doc.height ?? null,
            blob_key: doc.blobKey ?? doc.sha256,
            first_path: doc.firstPath,
            created_at: now(),
            source_sha256: doc.pdfPage?.sourceSha256 ?? null,
            page: doc.pdfPage?.page ?? null,
            page_json: doc.pdfPage ? JSON.stringify(doc.pdfPage) : null,
            // Set by the first saveAnalysis (a document is stored before it is read).
            latest_glossary_version: null,
            latest_hit_count: null,
            latest_confirmed: 0,
            latest_rejected: 0,
            latest_corrected: 0,
            latest_withdrawn: 0,
          })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .returningAll()
          .executeTakeFirst(),
      toRecord: toDocumentRecord,
      find: () => this.get(doc.sha256),
    });
    return { document: record, created };
  }

  async get(sha256: string): Promise<DocumentRecord | undefined> {
    const row = await this.#db.selectFrom('documents').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toDocumentRecord(row);
  }

  async listSha256s(options: { batchId?: string } = {}): Promise<string[]> {
    if (options.batchId === undefined) {
      const rows = await this.#db.selectFrom('documents').select('sha256').orderBy('sha256').execute();
      return rows.map((r) => r.sha256);
    }
    // A PDF item's documents are its pages (source_sha256), the PDF itself has no document row.
    const rows = await this.#db
      .selectFrom('batch_items')
      .innerJoin('documents', (join) =>
        join.on((eb) => eb.or([eb('documents.sha256', '=', eb.ref('batch_items.sha256')), eb('documents.source_sha256', '=', eb.ref('batch_items.sha256'))])),
      )
      .select('documents.sha256')
      .distinct()
      .where('batch_items.batch_id', '=', options.batchId)
      .orderBy('documents.sha256')
      .execute();
    return rows.map((r) => r.sha256);
  }
}
