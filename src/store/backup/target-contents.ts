import { stat } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { versionsDir } from '../../glossary/interchange/version-store.ts';
import type { BlobStoreSettings } from '../blob-store.ts';
import { SQLITE_FILE_NAME } from '../open-store.ts';
import { countFiles, listNames } from './backup-files.ts';
import { sqliteTableCounts } from './table-counts.ts';

/**
 * What a data directory already holds, so that restore can refuse to overwrite a store and
 * say what it would have replaced. A SQLite file whose tables are all empty (a command that
 * only ran the migrations made it) counts as empty. A bucket is not listed: its originals are
 * content-addressed, so restoring the same key again writes the same bytes or nothing.
 */
export async function describeTarget(dataDir: string, blobs: BlobStoreSettings, options: { sqlite: boolean }): Promise<string[]> {
  const found: string[] = [];
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  if (options.sqlite && (await stat(file).catch(() => undefined))) {
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 15_000 });
    try {
      const rows = Object.entries(sqliteTableCounts(raw)).filter(([, n]) => n > 0);
      if (rows.length > 0) found.push(`${file} with ${rows.map(([t, n]) => `${n} ${t}`).join(', ')}`);
    } finally {
      raw.close();
    }
  }
  if (blobs.kind === 'local') {
    const n = await countFiles(blobs.root, 1_000);
    if (n > 0) found.push(`${n >= 1_000 ? '1000+' : n} originals in ${blobs.root}`);
  }
  const versions = (await listNames(versionsDir(dataDir))).filter((n) => n.endsWith('.json'));
  if (versions.length > 0) found.push(`${versions.length} glossary versions in ${versionsDir(dataDir)}`);
  return found;
}
