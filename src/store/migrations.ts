import { randomUUID } from 'node:crypto';
import { type Kysely, type Migration, type MigrationProvider, SqliteAdapter, sql } from 'kysely';
import { fillReviewKeys, renumberSharedKeys } from './migrations/0006-review-keys.ts';
import { possibleHitsMigration } from './migrations/0012-possible-hits.ts';
import { searchIndexMigration } from './search/search-index-migration.ts';
import { searchKeysMigration } from './search/search-keys-migration.ts';
import { searchKeysPendingMigration } from './search/search-keys-pending-migration.ts';
import { searchPairsMigration } from './search/search-pairs-migration.ts';
import { searchSignaturesMigration } from './search/search-signatures-migration.ts';

/**
 * The schema, as code: both backends run exactly these migrations through Kysely's Migrator,
 * so there is no file layout to get wrong at run time. Only portable types (text, integer,
 * double precision) are used; JSON is text and timestamps are ISO 8601 text. Append new
 * migrations with a higher prefix; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': {
    // The Migrator passes Kysely<any>: a migration must not depend on today's table types.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('documents')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('first_path', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('ocr_results')
        .addColumn('sha256', 'text', (c) => c.primaryKey().references('documents.sha256').onDelete('cascade'))
        .addColumn('engine', 'text', (c) => c.notNull())
        .addColumn('languages_json', 'text', (c) => c.notNull())
        .addColumn('mean_confidence', 'double precision', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('clean_text', 'text', (c) => c.notNull())
        .addColumn('boxes_json', 'text', (c) => c.notNull())
        .addColumn('raw_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('analyses')
        .addColumn('sha256', 'text', (c) => c.notNull().references('documents.sha256').onDelete('cascade'))
        .addColumn('glossary_version', 'text', (c) => c.notNull())
        .addColumn('analysed_text', 'text', (c) => c.notNull())
        .addColumn('script', 'text', (c) => c.notNull())
        .addColumn('tokens_json', 'text', (c) => c.notNull())
        .addColumn('hit_count', 'integer', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('analysed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('analyses_pk', ['sha256', 'glossary_version'])
        .execute();
      await db.schema.createIndex('analyses_latest').on('analyses').columns(['sha256', 'seq']).execute();

      await db.schema
        .createTable('hits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('glossary_version', 'text', (c) => c.notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('english', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('matched', 'text', (c) => c.notNull())
        .addColumn('start_offset', 'integer', (c) => c.notNull())
        .addColumn('end_offset', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('exact', 'variant', 'fuzzy')`))
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('form', 'text', (c) => c.notNull())
        .addColumn('bbox_json', 'text')
        .addColumn('boxes_json', 'text')
        .addColumn('annotation_json', 'text', (c) => c.notNull())
        .addForeignKeyConstraint('hits_analysis_fk', ['sha256', 'glossary_version'], 'analyses', ['sha256', 'glossary_version'], (fk) =>
          fk.onDelete('cascade'),
        )
        .execute();
      await db.schema.createIndex('hits_by_analysis').on('hits').columns(['sha256', 'glossary_version', 'ordinal']).execute();
      await db.schema.createIndex('hits_by_entry').on('hits').columns(['entry_id']).execute();

      await db.schema
        .createTable('batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('source_path', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('batch_items')
        .addColumn('batch_id', 'text', (c) => c.notNull().references('batches.id').onDelete('cascade'))
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('received', 'queued', 'processing', 'done', 'failed', 'duplicate')`),
        )
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('duplicate_of', 'text')
        .addColumn('duplicate_of_item', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('batch_items_pk', ['batch_id', 'item_key'])
        .execute();
      await db.schema.createIndex('batch_items_by_status').on('batch_items').columns(['batch_id', 'status']).execute();
      await db.schema.createIndex('batch_items_stale').on('batch_items').columns(['status', 'updated_at']).execute();
      await db.schema.createIndex('batch_items_by_sha256').on('batch_items').columns(['sha256']).execute();

      // Append-only: a decision is never updated; a later one gets the next revision number.
      await db.schema
        .createTable('review_revisions')
        .addColumn('hit_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('confirm', 'reject', 'correct')`))
        .addColumn('corrected_json', 'text')
        .addColumn('note', 'text')
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_revisions_pk', ['hit_id', 'revision'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('details_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_by_subject').on('audit_log').columns(['subject', 'at']).execute();
      await db.schema.createIndex('audit_log_by_time').on('audit_log').columns(['at']).execute();
    },
  },
  '0002-api-tokens': {
    // API tokens of the review service. Only the sha256 of a token is kept: a copy of the
    // database (a backup, a shared PostgreSQL) must not hand out working credentials.
    // Revoking sets revoked_at; the row stays so the audit log's actors keep their names.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('uploader', 'reviewer', 'admin')`))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
  '0003-hit-status': {
    // A hit on a deprecated glossary form records so, with the preferred term, as the matcher
    // decided at tagging time; readers show what was stored instead of deciding again from
    // today's glossary. Null for ordinary hits and for hits saved before this migration
    // (`termlens retag` tags them again).
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('hits').addColumn('status', 'text').execute();
      await db.schema.alterTable('hits').addColumn('preferred', 'text').execute();
    },
  },
  '0004-store-id': {
    // Which store this is, as the database itself says it: producers put it on every job and
    // workers compare it with their own, so a worker pointed at another database (another
    // TERMLENS_DATA_DIR, another DATABASE_URL) refuses the work instead of leaving it queued.
    // Made once, here; a copy of the database (a backup restored elsewhere) keeps it.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('store_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('store_meta').values({ key: 'store_id', value: randomUUID() }).execute();
    },
  },
  '0005-review-queue-indexes': {
    // The review queue (src/store/repositories/hit-queue.ts) walks documents in upload order (created_at,
    // then sha256) and each document's hits by ordinal (hits_by_analysis). Without
    // documents_queue every page sorted all hits of the store: 300 ms (SQLite) to 1 s
    // (PostgreSQL) at 100,000 hits (bench/serve.ts); with it a page reads the documents it
    // shows and stops. The queue finds each document's latest analysis and the counter sums its
    // hit_count: analyses_latest_hits answers both from the index, where reading the rows
    // (text and tokens inline) cost 40 ms a page at 7,500 documents.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('documents_queue').on('documents').columns(['created_at', 'sha256']).execute();
      await db.schema
        .createIndex('analyses_latest_hits')
        .on('analyses')
        .columns(['sha256', 'seq', 'glossary_version', 'hit_count'])
        .execute();
    },
  },
  '0006-review-keys': {
    // Decisions belong to a hit's review key (src/domain/review-key.ts: document, entry, span,
    // matched text, form, deprecation), not to its id, which names the glossary version too: so
    // a re-tag after a glossary change keeps every decision whose hit is unchanged. Existing
    // hits and revisions get their keys here; a store re-tagged before this migration gets its
    // earlier decisions back on the hits they were about. Where a key now has decisions from
    // two versions' hits (decided again after a re-tag had reset them), its revisions are
    // numbered again in the order they were made, so the history stays one sequence.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('hits').addColumn('review_key', 'text').execute();
      await db.schema.alterTable('hits').addColumn('reopened_from', 'text').execute();
      await db.schema.alterTable('hits').addColumn('reopened_reason', 'text').execute();
      await db.schema.alterTable('review_revisions').addColumn('review_key', 'text').execute();
      await fillReviewKeys(db);
      await db.schema.createIndex('hits_by_review_key').on('hits').columns(['review_key']).execute();
      await db.schema.createIndex('hits_by_reopened_from').on('hits').columns(['reopened_from']).execute();
      await db
        .updateTable('review_revisions')
        .set({ review_key: sql`(select h.review_key from hits h where h.id = review_revisions.hit_id)` })
        .execute();
      await renumberSharedKeys(db);
      await db.schema.createIndex('review_revisions_by_key').on('review_revisions').columns(['review_key', 'revision']).unique().execute();
    },
  },
  '0007-search-index': searchIndexMigration,
  '0008-pdf-pages': {
    // A PDF's pages as units of review (issue #18): the PDF is one blob and one batch item; each
    // page is a document of its own (key: pageDocumentKey, see src/domain/pdf-page-key.ts) with
    // its OCR, analysis and hits. pdf_pages is the per-page record the split job writes and the
    // page jobs finish, so a crash mid-PDF re-does only the pages not done and `status` counts
    // pages. A document of a page names its PDF (source_sha256) and page; page_json holds the
    // page's geometry, regions and warnings. Existing rows are images: the new columns stay null.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('documents').addColumn('source_sha256', 'text').execute();
      await db.schema.alterTable('documents').addColumn('page', 'integer').execute();
      await db.schema.alterTable('documents').addColumn('page_json', 'text').execute();
      await db.schema.createIndex('documents_by_source').on('documents').columns(['source_sha256', 'page']).execute();
      await db.schema
        .createTable('pdf_pages')
        .addColumn('pdf_sha256', 'text', (c) => c.notNull())
        .addColumn('page', 'integer', (c) => c.notNull())
        .addColumn('page_count', 'integer', (c) => c.notNull())
        .addColumn('document_sha256', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done', 'failed')`))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pdf_pages_pk', ['pdf_sha256', 'page'])
        .execute();
      await db.schema.createIndex('pdf_pages_by_document').on('pdf_pages').columns(['document_sha256']).execute();
    },
  },
  '0009-bulk-decisions': {
    // Bulk decisions and their undo (src/review/bulk-decisions.ts, bulk-undo.ts). An undo appends,
    // per hit, a revision restoring the decision before the bulk one; where there was none the hit
    // goes back to pending, which needs a decision that says so: `reopen`. `bulk_id` names the
    // bulk action that wrote a revision, so an undo finds them and checks that each is still the
    // hit's latest. SQLite cannot change a check constraint in place: the table is copied into
    // one with the new constraint (same rows, same key); PostgreSQL replaces the constraint.
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      const decisions = sql`decision in ('confirm', 'reject', 'correct', 'reopen')`;
      if (db.getExecutor().adapter instanceof SqliteAdapter) {
        await db.schema
          .createTable('review_revisions_0009')
          .addColumn('hit_id', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull().check(decisions))
          .addColumn('corrected_json', 'text')
          .addColumn('note', 'text')
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('bulk_id', 'text')
          .addColumn('review_key', 'text')
          .addPrimaryKeyConstraint('review_revisions_pk', ['hit_id', 'revision'])
          .execute();
        await sql`insert into review_revisions_0009 (hit_id, revision, decision, corrected_json, note, author, created_at, review_key)
          select hit_id, revision, decision, corrected_json, note, author, created_at, review_key from review_revisions`.execute(db);
        await db.schema.dropTable('review_revisions').execute();
        await db.schema.alterTable('review_revisions_0009').renameTo('review_revisions').execute();
        // The copy has 0006's column; its unique index went with the old table.
        await db.schema.createIndex('review_revisions_by_key').on('review_revisions').columns(['review_key', 'revision']).unique().execute();
      } else {
        await sql`alter table review_revisions drop constraint review_revisions_decision_check`.execute(db);
        await sql`alter table review_revisions add constraint review_revisions_decision_check check (${decisions})`.execute(db);
        await db.schema.alterTable('review_revisions').addColumn('bulk_id', 'text').execute();
      }
      await db.schema.createIndex('review_revisions_by_bulk').on('review_revisions').columns(['bulk_id']).execute();
    },
  },
  '0010-latest-analysis-and-decision': {
    // The review queue's counter, sent with every page, found each document's latest analysis
    // and each review key's highest revision on every call: 70 ms of database time per page on
    // PostgreSQL at 100,000 hits (bench/serve.ts). Both are now kept where they are written:
    // the document row carries its latest analysis's version and hit count (saveAnalysis sets
    // them in its transaction) and its review tally (queue-tally.ts), and latest_decisions
    // holds each key's latest revision (the revision's append upserts it in its transaction).
    // Existing rows are filled in here, in SQL of this schema (the tally's rules as of now).
    // biome-ignore lint/suspicious/noExplicitAny: a migration runs on the schema as it was then, not on today's Database type (Kysely's own advice)
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('documents').addColumn('latest_glossary_version', 'text').execute();
      await db.schema.alterTable('documents').addColumn('latest_hit_count', 'integer').execute();
      const latest = (column: string) =>
        sql`(select a.${sql.ref(column)} from analyses a where a.sha256 = documents.sha256 order by a.seq desc limit 1)`;
      await db
        .updateTable('documents')
        .set({ latest_glossary_version: latest('glossary_version'), latest_hit_count: latest('hit_count') })
        .execute();
      await db.schema
        .createTable('latest_decisions')
        .addColumn('review_key', 'text', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into latest_decisions (review_key, revision, decision)
        select r.review_key, r.revision, r.decision from review_revisions r
        where r.review_key is not null and r.revision = (select max(r2.revision) from review_revisions r2 where r2.review_key = r.review_key)`.execute(db);
      for (const column of ['latest_confirmed', 'latest_rejected', 'latest_corrected', 'latest_withdrawn']) {
        await db.schema.alterTable('documents').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
      }
      const decided = (decision: string) => sql`(select count(*) from hits h join latest_decisions ld on ld.review_key = h.review_key
        where h.sha256 = documents.sha256 and h.glossary_version = documents.latest_glossary_version and ld.decision = ${decision})`;
      await db
        .updateTable('documents')
        .set({ latest_confirmed: decided('confirm'), latest_rejected: decided('reject'), latest_corrected: decided('correct') })
        .execute();
      // Withdrawn (hit-queue.ts): decided hits of a superseded analysis in no later analysis and
      // not replaced by a latest hit reopened from them; only re-analysed documents have any.
      await sql`update documents set latest_withdrawn = (
          select count(*) from analyses ao
          join hits h on h.sha256 = ao.sha256 and h.glossary_version = ao.glossary_version
          join latest_decisions ld on ld.review_key = h.review_key
          where ao.sha256 = documents.sha256 and ao.glossary_version <> documents.latest_glossary_version and ld.decision <> 'reopen'
            and not exists (select 1 from hits h3 join analyses a3 on a3.sha256 = h3.sha256 and a3.glossary_version = h3.glossary_version
              where h3.review_key = h.review_key and a3.seq > ao.seq)
            and not exists (select 1 from hits h4 where h4.sha256 = documents.sha256 and h4.reopened_from = h.review_key
              and h4.glossary_version = documents.latest_glossary_version))
        where sha256 in (select a1.sha256 from analyses a1 group by a1.sha256 having count(*) > 1)`.execute(db);
    },
  },
  '0011-search-keys': searchKeysMigration,
  '0012-possible-hits': possibleHitsMigration,
  '0013-search-pairs': searchPairsMigration,
  '0014-search-signatures': searchSignaturesMigration,
  '0015-search-keys-pending': searchKeysPendingMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
