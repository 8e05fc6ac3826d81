import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Kysely,
  PostgresDialect,
  PostgresIntrospector,
  sql,
  type TableMetadata,
} from 'kysely';

/** The columns of PostgreSQL's catalog that the introspector reads. */
type PgCatalog = {
  'pg_catalog.pg_attribute': {
    attrelid: number;
    attnum: number;
    attname: string;
    atttypid: number;
    attnotnull: boolean;
    atthasdef: boolean;
    attisdropped: boolean;
  };
  'pg_catalog.pg_class': { oid: number; relname: string; relkind: string; relnamespace: number };
  'pg_catalog.pg_namespace': { oid: number; nspname: string };
  'pg_catalog.pg_type': { oid: number; typname: string; typnamespace: number };
};

/**
 * Kysely's PostgreSQL introspector lists the tables of every schema in the database and calls
 * has_schema_privilege(name) on each schema it sees. When another schema is dropped while that
 * query runs (two deployments, or two test runs, sharing a database), the query's snapshot
 * still holds the dropped schema's row, the name lookup no longer finds it, and the whole
 * query fails: `schema "…" does not exist` (kysely-org/kysely#1419 and #1537 are the same scan
 * failing on schemas the role may not use). The Migrator asks it only whether its own tables
 * exist, in the schema the store lives in, so this one looks at the session's current schema
 * alone and never names another.
 */
export class CurrentSchemaIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<PgCatalog>;

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's DatabaseIntrospector contract takes any database
  constructor(db: Kysely<any>) {
    super(db);
    this.#db = db;
  }

  override async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    let query = this.#db
      .selectFrom('pg_catalog.pg_attribute as a')
      .innerJoin('pg_catalog.pg_class as c', 'a.attrelid', 'c.oid')
      .innerJoin('pg_catalog.pg_namespace as ns', 'c.relnamespace', 'ns.oid')
      .innerJoin('pg_catalog.pg_type as typ', 'a.atttypid', 'typ.oid')
      .innerJoin('pg_catalog.pg_namespace as dtns', 'typ.typnamespace', 'dtns.oid')
      .select([
        'c.relname as table',
        'c.relkind as table_type',
        'ns.nspname as schema',
        'a.attname as column',
        'typ.typname as type',
        'dtns.nspname as type_schema',
        'a.attnotnull as not_null',
        'a.atthasdef as has_default',
        sql<string | null>`col_description(a.attrelid, a.attnum)`.as('column_description'),
        sql<string | null>`pg_get_serial_sequence(quote_ident(ns.nspname) || '.' || quote_ident(c.relname), a.attname)`.as(
          'auto_incrementing',
        ),
      ])
      // Compared by name, not by a cast to regnamespace: an empty search_path gives null,
      // which matches nothing instead of failing.
      .where(sql<boolean>`ns.nspname = current_schema()`)
      .where('c.relkind', 'in', ['r', 'v', 'p'])
      .where('a.attnum', '>=', 0)
      .where('a.attisdropped', '!=', true)
      .orderBy('c.relname')
      .orderBy('a.attnum');
    if (!options.withInternalKyselyTables) {
      query = query.where('c.relname', '!=', DEFAULT_MIGRATION_TABLE).where('c.relname', '!=', DEFAULT_MIGRATION_LOCK_TABLE);
    }
    const tables = new Map<string, TableMetadata>();
    for (const row of await query.execute()) {
      let table = tables.get(row.table);
      if (!table) {
        table = { name: row.table, schema: row.schema, isView: row.table_type === 'v', columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: row.auto_incrementing !== null,
        ...(row.column_description !== null ? { comment: row.column_description } : {}),
      });
    }
    return [...tables.values()];
  }
}

/** PostgreSQL as Kysely speaks it, introspecting only the session's current schema. */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: Dialect's contract takes any database
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
