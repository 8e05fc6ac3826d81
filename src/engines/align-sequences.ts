/**
 * One step of a minimum-edit alignment of two sequences: `a` and `b` are indices into them,
 * both set for a match or a substitution, one of them null where only that sequence has an
 * element. Steps come in order along both sequences.
 */
export type AlignedStep = { a: number | null; b: number | null };

/** Minimum-edit (Levenshtein) alignment; ties prefer a match or substitution, then a deletion from `a`. */
export function alignSequences(a: readonly string[], b: readonly string[]): AlignedStep[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  // Full table: lines are tens of characters, and the path is needed, not just the cost.
  const cost = new Uint32Array((n + 1) * width);
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i * width] = i;
    for (let j = 1; j <= m; j++) {
      const substitute = cost[(i - 1) * width + j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cost[i * width + j] = Math.min(substitute, cost[(i - 1) * width + j]! + 1, cost[i * width + j - 1]! + 1);
    }
  }
  const steps: AlignedStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j]!;
    if (i > 0 && j > 0 && here === cost[(i - 1) * width + j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      steps.push({ a: --i, b: --j });
    } else if (i > 0 && here === cost[(i - 1) * width + j]! + 1) {
      steps.push({ a: --i, b: null });
    } else {
      steps.push({ a: null, b: --j });
    }
  }
  return steps.reverse();
}
