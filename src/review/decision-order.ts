/**
 * The order in which one transaction writes decisions on several hits (a bulk decision, its
 * undo): by document, then by hit id, in code unit order (not the database's collation). Each
 * decision locks its hit's document first (src/store/repositories/queue-tally.ts), so two such
 * transactions over the same documents take the locks in the same order: one waits for the
 * other instead of each holding a row the other needs, which PostgreSQL ends as a deadlock.
 */
export function compareDocumentThenId(a: { sha256: string; id: string }, b: { sha256: string; id: string }): number {
  if (a.sha256 !== b.sha256) return a.sha256 < b.sha256 ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
