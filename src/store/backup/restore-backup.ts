import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { versionsDir } from '../../glossary/interchange/version-store.ts';
import { InputError } from '../../errors.ts';
import type { BlobStore, BlobStoreSettings } from '../blob-store.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../open-store.ts';
import { describeManifest, readManifest, sha256OfFile, type BackupManifest } from './backup-manifest.ts';
import { copyFileDurably, syncPath } from './backup-files.ts';
import type { BackupProgress } from './create-backup.ts';
import { PG_DUMP_FILE, postgresRestoreRecipe } from './postgres-recipe.ts';
import { describeTarget } from './target-contents.ts';

export type RestoreOptions = {
  dir: string;
  dataDir: string;
  databaseUrl?: string;
  blobSettings: BlobStoreSettings;
  /** Opened only once the backup has been checked and the target found empty. */
  openBlobs(): Promise<BlobStore>;
  force: boolean;
  startProgress(total: number): BackupProgress;
  log(message: string): void;
};

/**
 * `termlens restore DIR`: every file of the backup is checked against the manifest before
 * anything is written; then the originals, the glossary versions and, last, the database,
 * renamed into place, so that a restore cut short leaves no database pointing at originals
 * that are not there.
 */
export async function restoreBackup(options: RestoreOptions): Promise<BackupManifest> {
  const { dir } = options;
  const manifest = await readManifest(dir);
  options.log(`${dir}: ${describeManifest(manifest)}`);
  const sqlite = manifest.database.backend === 'sqlite';
  if (sqlite && options.databaseUrl !== undefined) {
    throw new InputError('RESTORE_BACKEND_MISMATCH', `${dir} holds a SQLite store, but DATABASE_URL names PostgreSQL; unset it to restore into ${options.dataDir}`);
  }
  if (!sqlite && options.databaseUrl === undefined) {
    throw new InputError(
      'RESTORE_BACKEND_MISMATCH',
      `${dir} is a backup of a PostgreSQL store: restore its rows with pg_restore, then run this with DATABASE_URL set:\n${postgresRestoreRecipe(dir)}`,
    );
  }

  const progress = options.startProgress(manifest.files.length);
  try {
    for (const entry of manifest.files) {
      const file = path.join(dir, ...entry.path.split('/'));
      const actual = await sha256OfFile(file).catch((error: Error) => {
        throw new InputError('BACKUP_DAMAGED', `${file} is listed in the manifest but cannot be read: ${error.message}`);
      });
      if (actual.sha256 !== entry.sha256 || actual.bytes !== entry.bytes) {
        throw new InputError(
          'BACKUP_DAMAGED',
          `${file} does not match the manifest (${actual.bytes} bytes, sha256 ${actual.sha256}; expected ${entry.bytes} bytes, ${entry.sha256}); nothing was restored`,
        );
      }
      progress.tick(`checked ${entry.path}`, false);
    }
  } finally {
    progress.stop();
  }

  const existing = await describeTarget(options.dataDir, options.blobSettings, { sqlite });
  if (existing.length > 0 && !options.force) {
    throw new InputError(
      'RESTORE_TARGET_NOT_EMPTY',
      `${options.dataDir} holds a store already (${existing.join('; ')}); restore into an empty or new TERMLENS_DATA_DIR, ` +
        `or pass --force to replace it (stop the service and workers first)`,
    );
  }
  if (existing.length > 0) options.log(`--force: replacing ${existing.join('; ')}`);

  const blobs = await options.openBlobs();
  const blobFiles = manifest.files.filter((f) => f.path.startsWith('blobs/'));
  const versionFiles = manifest.files.filter((f) => f.path.startsWith('glossary-versions/'));
  const writing = options.startProgress(blobFiles.length + versionFiles.length);
  try {
    for (const entry of blobFiles) {
      // put() hashes the bytes again and files them under that hash, wherever the store is.
      const key = path.basename(entry.path);
      await blobs.put(key, await readFile(path.join(dir, ...entry.path.split('/'))));
      writing.tick(key.slice(0, 12), false);
    }
    if (versionFiles.length > 0) await mkdir(versionsDir(options.dataDir), { recursive: true });
    for (const entry of versionFiles) {
      await copyFileDurably(path.join(dir, ...entry.path.split('/')), path.join(versionsDir(options.dataDir), path.basename(entry.path)));
      writing.tick(entry.path, false);
    }
  } finally {
    writing.stop();
    blobs.close();
  }

  if (manifest.database.backend === 'sqlite') {
    await restoreSqlite(path.join(dir, manifest.database.file), options.dataDir);
  } else if (!manifest.files.some((f) => f.path === PG_DUMP_FILE)) {
    options.log(`this backup holds no pg_dump: the PostgreSQL rows were not backed up with it`);
  } else {
    options.log(`originals and glossary versions restored; the rows come from ${path.join(dir, PG_DUMP_FILE)}:\n${postgresRestoreRecipe(dir)}`);
  }
  return manifest;
}

async function restoreSqlite(copy: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const target = path.join(dataDir, SQLITE_FILE_NAME);
  const temp = `${target}.restoring`;
  await rm(temp, { force: true });
  await copyFileDurably(copy, temp);
  // The old file's write-ahead log must go first: left beside the new file, SQLite would
  // replay the old store's last transactions into it.
  await rm(`${target}-wal`, { force: true });
  await rm(`${target}-shm`, { force: true });
  await rename(temp, target);
  await syncPath(dataDir);
  // Opening it runs the migrations, so a backup from an older termlens comes up to this schema.
  const store = await openSqliteStore(target);
  await store.close();
}
