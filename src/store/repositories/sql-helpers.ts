/** Rows per INSERT (and values per IN list): well under SQLite's bound-parameter limit for our widest table. */
export const INSERT_CHUNK = 200;

/** Timestamps are ISO 8601 UTC strings: they sort as text on both backends. */
export function now(): string {
  return new Date().toISOString();
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
