/**
 * The database half of a PostgreSQL backup, which termlens leaves to PostgreSQL's own tools:
 * pg_dump must match the server's major version, and who may dump which schema is the
 * database administrator's business, not ours. Made first, so that every blob its rows point
 * at is already stored when `termlens backup` copies the blobs (originals are stored before
 * their rows), the dump goes into the backup directory as PG_DUMP_FILE and is then listed and
 * hashed in the manifest like every other file.
 */
export const PG_DUMP_FILE = 'termlens.pgdump';

export function postgresBackupRecipe(dir: string): string {
  return [
    `pg_dump --format=custom --no-owner --file ${dir}/${PG_DUMP_FILE} "$DATABASE_URL"   # first: the rows`,
    `termlens backup ${dir}                                                            # then: originals, glossary versions, manifest`,
    `(a store in a schema of its own: add --schema=NAME to pg_dump)`,
  ].join('\n');
}

export function postgresRestoreRecipe(dir: string): string {
  return [
    `createdb NEWDB   # or an empty schema; pg_restore refuses tables that already exist`,
    `pg_restore --no-owner --dbname "$DATABASE_URL" ${dir}/${PG_DUMP_FILE}   # first: the rows (DATABASE_URL naming NEWDB)`,
    `termlens restore ${dir}                                                  # then: originals, glossary versions`,
  ].join('\n');
}
