import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, Kysely, SqliteDialect, SqliteDriver, type SqliteDialectConfig } from 'kysely';
import { DependencyError } from '../errors.ts';
import type { Database } from './database-schema.ts';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 15_000;

/**
 * Transactions start with BEGIN IMMEDIATE: a deferred BEGIN that reads first and writes later
 * fails at once with SQLITE_BUSY when another process (a second worker) wrote in between,
 * without waiting for busy_timeout. Taking the write lock up front makes writers queue instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * WAL is a property of the file, set once by whoever opens it first. Switching to it needs the
 * file to itself, and SQLite reports "database is locked" at once, without waiting for
 * busy_timeout, when another process opens the new file at the same moment (two workers
 * started together did): so it is asked only when not yet set, and tried again for a while.
 */
function useWal(raw: BetterSqlite3.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      if (String(raw.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') return;
      raw.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const busy = error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

export type SqliteHandle = { db: Kysely<Database>; raw: BetterSqlite3.Database; file: string };

/**
 * Opens (creating if needed) the SQLite file. WAL lets readers (status, export) run beside a
 * writer; synchronous=FULL makes every commit durable, not only consistent, because a batch item
 * marked done must still be done after a power cut.
 */
export function openSqliteDatabase(file: string): SqliteHandle {
  let raw: BetterSqlite3.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    raw = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    useWal(raw);
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new DependencyError('DATABASE_UNAVAILABLE', `cannot open SQLite database ${file}${detail}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
  return { db, raw, file };
}
