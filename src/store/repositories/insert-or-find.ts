import { isUniqueViolation } from '../unique-violation.ts';

/**
 * Inserts a row unless its key is taken, and otherwise reads the row already there (an earlier
 * run, or another worker in the same instant). The insert decides who created it, so two
 * callers never both get `created`.
 *
 * `insert` should be `insert … on conflict do nothing returning *` (undefined when the key was
 * taken): on PostgreSQL a raised unique violation would abort an enclosing transaction. A unique
 * violation it raises anyway (another unique column) is treated the same way when the row can
 * then be found, and rethrown when it cannot.
 */
export async function insertOrFind<Row, Record>(spec: {
  /** For the error when the conflicting row cannot be read back, e.g. `document <sha256>`. */
  what: string;
  insert: () => Promise<Row | undefined>;
  toRecord: (row: Row) => Record;
  find: () => Promise<Record | undefined>;
}): Promise<{ record: Record; created: boolean }> {
  let inserted: Row | undefined;
  try {
    inserted = await spec.insert();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await spec.find();
    if (!existing) throw error;
    return { record: existing, created: false };
  }
  if (inserted) return { record: spec.toRecord(inserted), created: true };
  const existing = await spec.find();
  if (!existing) throw new Error(`${spec.what} vanished right after a conflicting insert`);
  return { record: existing, created: false };
}
