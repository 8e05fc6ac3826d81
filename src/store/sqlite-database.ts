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
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new DependencyError('DATABASE_UNAVAILABLE', `cannot open SQLite database ${file}${detail}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: raw }) });
  return { db, raw, file };
}
