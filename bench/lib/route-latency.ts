/**
 * Latency and status codes per route of a load run. autocannon reports one histogram over every
 * request; a reviewer's cycle mixes a hit page, a hit and a decision, whose costs differ by an
 * order of magnitude, so each request is timed on its own (from building it, just before it is
 * written, to its last byte) and filed under its route.
 */
export type RouteFigures = {
  route: string;
  requests: number;
  /** Answers that were not 2xx, by status. */
  errors: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
};

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export class RouteLatency {
  readonly #times = new Map<string, number[]>();
  readonly #errors = new Map<string, Record<string, number>>();

  record(route: string, ms: number, status: number): void {
    const times = this.#times.get(route) ?? [];
    this.#times.set(route, times);
    times.push(ms);
    if (status < 200 || status > 299) {
      const errors = this.#errors.get(route) ?? {};
      this.#errors.set(route, errors);
      errors[String(status)] = (errors[String(status)] ?? 0) + 1;
    }
  }

  figures(seconds: number): RouteFigures[] {
    return [...this.#times.entries()].map(([route, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return {
        route,
        requests: sorted.length,
        errors: this.#errors.get(route) ?? {},
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? Number.NaN,
        perSecond: sorted.length / seconds,
      };
    });
  }
}
