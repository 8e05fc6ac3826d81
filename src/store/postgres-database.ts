import { Kysely } from 'kysely';
import pg from 'pg';
import { CurrentSchemaPostgresDialect } from './current-schema-dialect.ts';
import type { Database } from './database-schema.ts';

/** A reachable server answers in milliseconds; a wrong host must fail, not hang the CLI. */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long an idle connection is kept for the next query (pg's default is 10 s). */
const IDLE_CONNECTION_MS = 5 * 60_000;

export type PostgresHandle = { db: Kysely<Database>; pool: pg.Pool; label: string };

/**
 * The database as it may be named in messages and logs: user, host, port and database, never
 * the password (the URL itself is a secret).
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    const host = u.hostname || 'localhost';
    const port = u.port || '5432';
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `postgres://${user}${host}:${port}/${database}`;
  } catch {
    return 'PostgreSQL (unparsable DATABASE_URL)';
  }
}

/** Removes the URL's password from a driver message, in case a driver ever echoes it. */
export function redactPassword(message: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join('***') : message;
  } catch {
    return message;
  }
}

/**
 * A pool for the URL. Extra connection parameters travel in the URL, e.g.
 * `?options=-c%20search_path%3Dtermlens` to keep the tables in their own schema.
 */
export function openPostgresDatabase(url: string): PostgresHandle {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: 10,
    // pg closes a client idle for 10 s by default, and a reviewer's searches are further apart
    // than that: each then ran on a new server process, which pays for the connection and for
    // mapping each page of shared buffers it touches first (bench/README, "A kept connection").
    // allowExitOnIdle: an idle client does not hold a finished CLI run open.
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    allowExitOnIdle: true,
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, that would
  // kill the process. The next query gets a fresh client or fails with a reportable error.
  pool.on('error', () => undefined);
  // PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost, which the
  // review queue's counter does at 100,000 hits: 75 ms of compiling for a query that runs in 5
  // (bench/serve.ts). Short queries are all this service sends, so it is off for its sessions.
  // Queued on the new client, this runs before the query that checked the client out.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(() => undefined);
  });
  // Kysely's own introspector scans every schema and fails when another is dropped meanwhile.
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  return { db, pool, label: describeDatabaseUrl(url) };
}
