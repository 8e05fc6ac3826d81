/** Wall-clock seconds of a synchronous call, with its result. */
export function timed<T>(fn: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

/** Runs `fn` `runs` times and keeps the median time (and the last result). */
export function medianOf<T>(runs: number, fn: () => T): { seconds: number; all: number[]; value: T } {
  const all: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const run = timed(fn);
    all.push(run.seconds);
    value = run.value;
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { seconds: sorted[sorted.length >> 1]!, all, value };
}
