import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseEntries, versionOfNormalised } from '../../src/glossary/glossary-version.ts';
import { recordGlossaryVersion } from '../../src/glossary/interchange/version-store.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { LocalBlobStore, sha256Hex } from '../../src/store/blob-store.ts';
import { BackupManifestSchema } from '../../src/store/backup/backup-manifest.ts';
import { openSqliteStore, openStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { runTermlens, REPO_ROOT } from './helpers/queue-processes.ts';
import { createTestDatabase, type TestDatabase } from './helpers/store-backends.ts';
import { sampleAnalysis, sampleOcr } from './helpers/store-fixtures.ts';

/**
 * `termlens backup` and `termlens restore` as a person runs them, on a real SQLite store with
 * documents, OCR results, hits under two glossary versions, decisions, a batch, tokens and the
 * glossary version snapshots, backed up while another connection keeps writing; the restored
 * data directory is compared with the original table by table and file by file.
 */
describe('backup and restore of a SQLite store', () => {
  let work: string;
  let source: string;
  let backupDir: string;
  let restored: string;
  let store: Store;
  let shas: string[];
  let writes = 0;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'termlens-backup-'));
    source = path.join(work, 'data');
    backupDir = path.join(work, 'backup');
    restored = path.join(work, 'restored');
    store = await openSqliteStore(path.join(source, SQLITE_FILE_NAME));
    const blobs = LocalBlobStore.forDataDir(source);
    const samples = ['01-police-libao-station-simplified-sans.png', '02-wechat-venice-station-simplified-sans.png', '03-statemedia-nantong-foxhunt-simplified-serif.jpg'];
    shas = [];
    const batch = (await store.createOrFindBatch({ name: 'leak-1', sourcePath: '/leaks/leak-1' })).batch;
    for (const name of samples) {
      const data = await readFile(path.join(REPO_ROOT, 'samples', name));
      const sha256 = sha256Hex(data);
      shas.push(sha256);
      await blobs.put(sha256, data);
      await store.putDocument({ sha256, mediaType: name.endsWith('.png') ? 'image/png' : 'image/jpeg', bytes: data.byteLength, width: 800, height: 600, firstPath: name });
      await store.saveOcrResult(sha256, sampleOcr());
      await store.saveAnalysis(sampleAnalysis(sha256, 'a'.repeat(64)));
      await store.saveAnalysis(sampleAnalysis(sha256, 'b'.repeat(64), { withPinqing: true }));
      await store.upsertBatchItems(batch.id, [{ itemKey: name, sha256, status: 'done' }]);
    }
    await store.upsertBatchItems(batch.id, [{ itemKey: 'broken.png', sha256: null, status: 'failed', error: { code: 'EMPTY_FILE', message: 'empty' } }]);
    const hits = await store.listHits(shas[0]!);
    await store.appendReviewRevision({ hitId: hits[0]!.id, revision: 1, decision: 'confirm', author: 'Li Wei' });
    await store.appendReviewRevision({ hitId: hits[0]!.id, revision: 2, decision: 'correct', corrected: { english: 'liaison post' }, note: '站 here is a post', author: 'Zhang' });
    await store.appendReviewRevision({ hitId: hits[1]!.id, revision: 1, decision: 'reject', author: 'Li Wei' });
    await store.appendAudit({ actor: 'cli', action: 'token.created', subject: 'tok_1', details: { name: 'x' } });

    const glossary = await loadGlossary(path.join(REPO_ROOT, 'glossary'));
    const older = glossary.entries.slice(1);
    await recordGlossaryVersion({ entries: older, version: versionOfNormalised(normaliseEntries(older)) }, source);
    await recordGlossaryVersion(glossary, source);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('writes a backup while the store is being written to, with a manifest of every file', async () => {
    // The service goes on writing while the backup runs: a consistent copy holds some prefix
    // of these audit rows, never a torn page.
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await store.appendAudit({ actor: 'test', action: 'busy', subject: String(writes++), details: {} });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const result = await runTermlens(['backup', backupDir], { TERMLENS_DATA_DIR: source }, { timeoutMs: 60_000 });
    writing = false;
    await writer;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/3 originals, 2 glossary versions/);

    const manifest = BackupManifestSchema.parse(JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')));
    expect(manifest.tables).toMatchObject({ documents: 3, ocr_results: 3, analyses: 6, review_revisions: 3, batches: 1, batch_items: 4 });
    expect(manifest.tables.hits).toBe(9);
    expect(manifest.tables.audit_log).toBeGreaterThanOrEqual(1);
    expect(manifest.blobs).toBe(3);
    expect(manifest.glossaryVersions).toBe(2);
    // Every file in the directory is in the manifest with its true size and hash, and nothing else is.
    const onDisk = await filesUnder(backupDir);
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk.filter((f) => f !== 'manifest.json'));
    for (const f of manifest.files) {
      const bytes = await readFile(path.join(backupDir, f.path));
      expect({ path: f.path, bytes: bytes.byteLength, sha256: sha256Hex(bytes) }).toEqual(f);
    }
    // The copy is one file: no write-ahead log beside it.
    expect(onDisk).not.toContain(`${SQLITE_FILE_NAME}-wal`);
  }, 90_000);

  it('restores into a new data directory: every row, original and glossary version as it was', async () => {
    const result = await runTermlens(['restore', backupDir], { TERMLENS_DATA_DIR: restored }, { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/3 originals, 2 glossary versions; rows: .*documents 3/);

    const manifest = BackupManifestSchema.parse(JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')));
    const before = dumpTables(path.join(source, SQLITE_FILE_NAME));
    const after = dumpTables(path.join(restored, SQLITE_FILE_NAME));
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before)) {
      if (table === 'audit_log') continue;
      expect(after[table], table).toEqual(before[table]);
      // The manifest counts the data tables (Kysely's migration bookkeeping is schema, not data).
      if (!table.startsWith('kysely_')) expect(after[table]!.length, table).toBe(manifest.tables[table]);
    }
    // The audit log went on growing during the backup: the copy holds exactly the rows of the
    // moment it was taken, each one as the store has it.
    expect(after.audit_log!.length).toBe(manifest.tables.audit_log);
    const sourceAudit = new Set(before.audit_log!.map((r) => JSON.stringify(r)));
    expect(after.audit_log!.every((r) => sourceAudit.has(JSON.stringify(r)))).toBe(true);
    expect(before.audit_log!.length).toBeGreaterThanOrEqual(after.audit_log!.length);

    // Originals, byte for byte, where the store looks for them.
    const restoredBlobs = LocalBlobStore.forDataDir(restored);
    for (const sha256 of shas) {
      const original = await readFile(LocalBlobStore.forDataDir(source).pathFor(sha256));
      expect((await readFile(restoredBlobs.pathFor(sha256))).equals(original)).toBe(true);
    }
    expect(await filesUnder(path.join(restored, 'blobs'))).toEqual(await filesUnder(path.join(source, 'blobs')));

    // Glossary versions, byte for byte.
    const versions = await filesUnder(path.join(source, 'glossary-versions'));
    expect(await filesUnder(path.join(restored, 'glossary-versions'))).toEqual(versions);
    for (const name of versions) {
      const a = await readFile(path.join(source, 'glossary-versions', name));
      expect((await readFile(path.join(restored, 'glossary-versions', name))).equals(a), name).toBe(true);
    }

    // And the store reads it back: decisions on the hits they were made on.
    const back = await openSqliteStore(path.join(restored, SQLITE_FILE_NAME));
    try {
      const hits = await back.listHits(shas[0]!);
      expect(hits).toEqual(await store.listHits(shas[0]!));
      expect((await back.listReviewRevisions(hits[0]!.id)).map((r) => r.decision)).toEqual(['confirm', 'correct']);
      expect(await back.getDocumentResult(shas[1]!)).toEqual(await store.getDocumentResult(shas[1]!));
    } finally {
      await back.close();
    }
  }, 90_000);

  it('refuses to restore over a store that holds data, and --force replaces it', async () => {
    const refused = await runTermlens(['restore', backupDir], { TERMLENS_DATA_DIR: source });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/RESTORE_TARGET_NOT_EMPTY/);
    expect(refused.stderr).toContain(source);
    expect(refused.stderr).toMatch(/--force/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    // --force over the restored copy, into which a stray row was written since.
    const extra = await openSqliteStore(path.join(restored, SQLITE_FILE_NAME));
    await extra.appendAudit({ actor: 'test', action: 'after-restore', subject: 'x', details: {} });
    await extra.close();
    const forced = await runTermlens(['restore', '--force', backupDir], { TERMLENS_DATA_DIR: restored });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/--force: replacing/);
    const audit = dumpTables(path.join(restored, SQLITE_FILE_NAME)).audit_log!;
    expect(audit.some((r) => r.action === 'after-restore')).toBe(false);
  }, 60_000);

  it('refuses a damaged backup before writing anything, naming the file', async () => {
    const damaged = path.join(work, 'damaged');
    await cp(backupDir, damaged, { recursive: true });
    const blob = LocalBlobStore.forDataDir(damaged).pathFor(shas[2]!);
    const bytes = await readFile(blob);
    bytes[100] = bytes[100]! ^ 0xff;
    await rm(blob, { force: true });
    await writeFile(blob, bytes);
    const target = path.join(work, 'never');
    const result = await runTermlens(['restore', damaged], { TERMLENS_DATA_DIR: target });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BACKUP_DAMAGED/);
    expect(result.stderr).toContain(blob);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(target).catch(() => [])).toEqual([]);
  }, 60_000);

  it('refuses a directory that is no backup, a backup over a non-empty directory and a missing store', async () => {
    const notBackup = await runTermlens(['restore', source], { TERMLENS_DATA_DIR: path.join(work, 'x') });
    expect(notBackup.code).toBe(2);
    expect(notBackup.stderr).toMatch(/BACKUP_NOT_FOUND: .*data is not a termlens backup/);

    const overwrite = await runTermlens(['backup', backupDir], { TERMLENS_DATA_DIR: source });
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toMatch(/BACKUP_TARGET_NOT_EMPTY: .*backup is not empty/);

    const noStore = await runTermlens(['backup', path.join(work, 'b2')], { TERMLENS_DATA_DIR: path.join(work, 'nothing-here') });
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/STORE_NOT_FOUND: no SQLite store at .*nothing-here/);
    for (const r of [notBackup, overwrite, noStore]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

/**
 * A PostgreSQL store: the rows go through pg_dump and pg_restore, as the README's recipe says,
 * and termlens backs up and restores the originals and glossary versions beside them. The
 * schema is dropped between the two, as if the database had been lost.
 */
describe('backup and restore of a PostgreSQL store', () => {
  let db: TestDatabase;
  let work: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    work = await mkdtemp(path.join(os.tmpdir(), 'termlens-pgbackup-'));
  });

  afterAll(async () => {
    await db?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('pg_dump, then backup; schema lost; pg_restore, then restore into a new data directory', async () => {
    const url = db.config.databaseUrl!;
    const schema = /search_path%3D(\w+)/.exec(url)![1]!;
    const store = await openStore(db.config);
    const data = await readFile(path.join(REPO_ROOT, 'samples', '01-police-libao-station-simplified-sans.png'));
    const sha256 = sha256Hex(data);
    try {
      await LocalBlobStore.forDataDir(db.config.dataDir).put(sha256, data);
      await store.putDocument({ sha256, mediaType: 'image/png', bytes: data.byteLength, width: 800, height: 600, firstPath: 'a.png' });
      await store.saveOcrResult(sha256, sampleOcr());
      await store.saveAnalysis(sampleAnalysis(sha256, 'c'.repeat(64), { withPinqing: true }));
      const hits = await store.listHits(sha256);
      await store.appendReviewRevision({ hitId: hits[0]!.id, revision: 1, decision: 'confirm', author: 'Li Wei' });
    } finally {
      await store.close();
    }
    const glossary = await loadGlossary(path.join(REPO_ROOT, 'glossary'));
    await recordGlossaryVersion(glossary, db.config.dataDir);
    const tables = ['documents', 'ocr_results', 'analyses', 'hits', 'review_revisions'];
    const rowsOf = async () => {
      const rows: Record<string, unknown[]> = {};
      for (const t of tables) rows[t] = await db.query(`select * from ${t} order by 1, 2`);
      return rows;
    };
    const before = await rowsOf();

    const dir = path.join(work, 'backup');
    await mkdir(dir);
    const pgUrl = url.replace(/\?.*$/, '');
    await promisify(execFile)('pg_dump', ['--format=custom', '--no-owner', `--schema=${schema}`, '--file', path.join(dir, 'termlens.pgdump'), pgUrl]);
    const backup = await runTermlens(['backup', dir], { TERMLENS_DATA_DIR: db.config.dataDir, DATABASE_URL: url });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toMatch(/including the dump/);
    const manifest = BackupManifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
    expect(manifest.database.backend).toBe('postgres');
    expect(manifest.tables).toMatchObject({ documents: 1, ocr_results: 1, analyses: 1, hits: 2, review_revisions: 1 });
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      [`blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`, 'glossary-versions/history.jsonl', `glossary-versions/${glossary.version}.json`, 'termlens.pgdump'].sort(),
    );

    // Without DATABASE_URL a PostgreSQL backup is refused, with the recipe.
    const fresh = path.join(work, 'fresh');
    const wrong = await runTermlens(['restore', dir], { TERMLENS_DATA_DIR: fresh });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/RESTORE_BACKEND_MISMATCH: .*PostgreSQL store: restore its rows with pg_restore/);

    await db.query(`drop schema ${schema} cascade`);
    await promisify(execFile)('pg_restore', ['--no-owner', '--dbname', pgUrl, path.join(dir, 'termlens.pgdump')]);
    const restored = await runTermlens(['restore', dir], { TERMLENS_DATA_DIR: fresh, DATABASE_URL: url });
    expect(restored.code, restored.stderr).toBe(0);
    expect(await rowsOf()).toEqual(before);
    expect((await readFile(LocalBlobStore.forDataDir(fresh).pathFor(sha256))).equals(data)).toBe(true);
    expect(await filesUnder(path.join(fresh, 'glossary-versions'))).toEqual(await filesUnder(path.join(db.config.dataDir, 'glossary-versions')));
    const reopened = await openStore({ dataDir: fresh, databaseUrl: url });
    try {
      expect((await reopened.listHits(sha256)).length).toBe(2);
    } finally {
      await reopened.close();
    }
  }, 90_000);
});

/** Every row of every table (Kysely's bookkeeping included), in a fixed order. */
function dumpTables(file: string): Record<string, Record<string, unknown>[]> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const table of tables) {
      const rows = db.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
      out[table] = rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r) as Record<string, unknown>);
    }
    return out;
  } finally {
    db.close();
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
