import BetterSqlite3 from 'better-sqlite3';
import { DependencyError, InputError } from '../../errors.ts';
import { sqliteTableCounts } from './table-counts.ts';

/** What the snapshot holds: its rows per table and the blob keys its documents point at. */
export type SnapshotContents = { tables: Record<string, number>; blobKeys: string[] };

/**
 * A consistent copy of a live SQLite store through SQLite's online backup API, while the
 * service and workers go on writing (WAL: the reader holds a snapshot, writers are not
 * blocked). The whole file is copied in one step: a copy made in small steps starts over each
 * time another connection writes between two of them, and a busy service may write every few
 * milliseconds, so a stepwise copy might never finish.
 */
export async function snapshotSqlite(source: string, target: string): Promise<SnapshotContents> {
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(source, { readonly: true, fileMustExist: true, timeout: 15_000 });
  } catch (error) {
    throw new InputError('STORE_NOT_FOUND', `no SQLite store at ${source} (set TERMLENS_DATA_DIR to the data directory): ${(error as Error).message}`);
  }
  try {
    await raw.backup(target, { progress: () => 0x7fffffff });
  } catch (error) {
    throw new DependencyError('BACKUP_FAILED', `cannot copy ${source} to ${target}: ${(error as Error).message}`, { cause: error });
  } finally {
    raw.close();
  }
  return finishCopy(target);
}

/**
 * The copy inherits the live file's WAL mode; switched to a rollback journal it is one
 * self-contained file with nothing beside it. Checked for integrity here, so a damaged copy
 * fails the backup instead of a restore months later.
 */
function finishCopy(file: string): SnapshotContents {
  const copy = new BetterSqlite3(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = copy.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const bad = problems.map((p) => p.integrity_check).filter((m) => m !== 'ok');
    if (bad.length > 0) throw new DependencyError('BACKUP_FAILED', `the copy ${file} fails SQLite's integrity check: ${bad.slice(0, 3).join('; ')}`);
    const blobKeys = (copy.prepare('select distinct blob_key as key from documents order by blob_key').all() as { key: string }[]).map((r) => r.key);
    return { tables: sqliteTableCounts(copy), blobKeys };
  } finally {
    copy.close();
  }
}
