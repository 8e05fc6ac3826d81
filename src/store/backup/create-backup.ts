import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { writeFileAtomic } from '../../glossary/interchange/atomic-write.ts';
import { versionsDir } from '../../glossary/interchange/version-store.ts';
import { DependencyError, InputError, errorSummary } from '../../errors.ts';
import { LocalBlobStore, type BlobStore } from '../blob-store.ts';
import { SQLITE_FILE_NAME } from '../open-store.ts';
import { openPostgresDatabase, redactPassword } from '../postgres-database.ts';
import { BACKUP_FORMAT, MANIFEST_FILE, sha256OfFile, type BackupFile, type BackupManifest } from './backup-manifest.ts';
import { copyFileDurably, listNames, syncPath } from './backup-files.ts';
import { PG_DUMP_FILE, postgresBackupRecipe } from './postgres-recipe.ts';
import { snapshotSqlite, type SnapshotContents } from './sqlite-snapshot.ts';
import { postgresTableCounts } from './table-counts.ts';

export type BackupProgress = { tick(label: string, failed: boolean): void; stop(): void };

export type BackupOptions = {
  dir: string;
  dataDir: string;
  databaseUrl?: string;
  /** The store's originals, wherever they are (folder or bucket). */
  blobs: BlobStore;
  /** Progress over the files to copy, once their number is known. */
  startProgress(total: number): BackupProgress;
  log(message: string): void;
};

export type BackupResult = { manifest: BackupManifest; missingBlobs: string[] };

/**
 * `termlens backup DIR`: the database first (an online snapshot for SQLite; for PostgreSQL, a
 * pg_dump the operator made into DIR just before), then the originals its documents point at,
 * then the glossary versions, and the manifest last. Originals are stored before the rows that
 * name them, so every blob the snapshot needs exists by the time it is copied; blobs stored
 * after the snapshot are not needed by it and are left out.
 */
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const { dir } = options;
  await prepareTarget(dir, options.databaseUrl !== undefined);
  const files: BackupFile[] = [];
  const add = async (relative: string) => {
    files.push({ path: relative, ...(await sha256OfFile(path.join(dir, ...relative.split('/')))) });
  };

  let contents: SnapshotContents;
  let database: BackupManifest['database'];
  if (options.databaseUrl === undefined) {
    const source = path.join(options.dataDir, SQLITE_FILE_NAME);
    options.log(`copying the SQLite store ${source} (online backup; the service may keep running)`);
    contents = await snapshotSqlite(source, path.join(dir, SQLITE_FILE_NAME));
    await syncPath(path.join(dir, SQLITE_FILE_NAME));
    await add(SQLITE_FILE_NAME);
    database = { backend: 'sqlite', file: SQLITE_FILE_NAME };
  } else {
    contents = await postgresContents(options.databaseUrl);
    const recipe = postgresBackupRecipe(dir);
    if (await exists(path.join(dir, PG_DUMP_FILE))) {
      await add(PG_DUMP_FILE);
      options.log(`PostgreSQL store: including the dump ${path.join(dir, PG_DUMP_FILE)}`);
    } else {
      options.log(`PostgreSQL store: this backup holds no rows, only originals and glossary versions. Make the dump first:\n${recipe}`);
    }
    database = { backend: 'postgres', recipe };
  }

  const versionNames = (await listNames(versionsDir(options.dataDir))).filter((n) => /^[0-9a-f]{64}\.json$/.test(n) || n === 'history.jsonl');
  const progress = options.startProgress(contents.blobKeys.length + versionNames.length);
  const missingBlobs: string[] = [];
  try {
    const target = new LocalBlobStore(path.join(dir, 'blobs'));
    for (const key of contents.blobKeys) {
      try {
        // get() checks the bytes against their hash: a damaged original is reported, not copied.
        await target.put(key, await options.blobs.get(key));
        await add(path.relative(dir, target.pathFor(key)).split(path.sep).join('/'));
        progress.tick(key.slice(0, 12), false);
      } catch (error) {
        const { code, message } = errorSummary(error);
        if (code !== 'BLOB_MISSING' && code !== 'BLOB_CORRUPT') throw error;
        missingBlobs.push(key);
        options.log(`original ${key} not copied: ${message}`);
        progress.tick(key.slice(0, 12), true);
      }
    }
    if (versionNames.length > 0) await mkdir(path.join(dir, 'glossary-versions'));
    for (const name of versionNames) {
      await copyFileDurably(path.join(versionsDir(options.dataDir), name), path.join(dir, 'glossary-versions', name));
      await add(`glossary-versions/${name}`);
      progress.tick(`glossary-versions/${name}`, false);
    }
  } finally {
    progress.stop();
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    database,
    tables: contents.tables,
    blobs: contents.blobKeys.length - missingBlobs.length,
    glossaryVersions: versionNames.filter((n) => n.endsWith('.json')).length,
    files,
    ...(missingBlobs.length > 0 ? { missingBlobs } : {}),
  };
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  await syncPath(dir);
  return { manifest, missingBlobs };
}

/**
 * DIR must be new or empty: a backup written over another would mix two stores. For a
 * PostgreSQL store the pg_dump made into it first is the one file allowed.
 */
async function prepareTarget(dir: string, postgres: boolean): Promise<void> {
  const info = await stat(dir).catch((error: { code?: string }) => {
    if (error.code === 'ENOENT') return undefined;
    throw new InputError('BACKUP_TARGET_UNUSABLE', `cannot use ${dir} for a backup: ${(error as Error).message}`);
  });
  if (info && !info.isDirectory()) throw new InputError('BACKUP_TARGET_UNUSABLE', `${dir} is not a directory`);
  const names = (await listNames(dir)).filter((n) => !(postgres && n === PG_DUMP_FILE));
  if (names.length > 0) {
    throw new InputError(
      'BACKUP_TARGET_NOT_EMPTY',
      `${dir} is not empty (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); back up into a new or empty directory`,
    );
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InputError('BACKUP_TARGET_UNUSABLE', `cannot create ${dir}: ${(error as Error).message}`);
  }
}

async function postgresContents(url: string): Promise<SnapshotContents> {
  const { db, label } = openPostgresDatabase(url);
  try {
    const tables = await postgresTableCounts(db);
    const { rows } = await sql<{ key: string }>`select distinct blob_key as key from documents order by blob_key`.execute(db);
    return { tables, blobKeys: rows.map((r) => r.key) };
  } catch (error) {
    throw new DependencyError('DATABASE_UNAVAILABLE', `cannot read ${label}: ${redactPassword((error as Error).message, url)}`, { cause: error });
  } finally {
    await db.destroy();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
