import { DependencyError } from '../errors.ts';

/**
 * A fixed-size pool of expensive workers (an OCR worker costs seconds and tens of MB to start),
 * created lazily as demand grows and reused afterwards. A worker that reports itself unhealthy
 * after a job is replaced; a failed creation rejects a waiting caller instead of leaving it
 * waiting forever.
 */
export type PoolFactory<W> = {
  create(): Promise<W>;
  destroy(worker: W): Promise<void>;
  healthy(worker: W): boolean;
};

type Waiter<W> = { resolve: (worker: W) => void; reject: (error: unknown) => void };

export class WorkerPool<W> {
  private readonly idle: W[] = [];
  private readonly busy = new Set<W>();
  private readonly waiters: Waiter<W>[] = [];
  /** Workers alive or being created; never above `size`. */
  private count = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly factory: PoolFactory<W>,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
  }

  get workerCount(): number {
    return this.count;
  }

  async use<T>(job: (worker: W) => Promise<T>): Promise<T> {
    const worker = await this.acquire();
    try {
      return await job(worker);
    } finally {
      this.release(worker);
    }
  }

  private acquire(): Promise<W> {
    if (this.closed) return Promise.reject(new DependencyError('OCR_ENGINE_CLOSED', 'the OCR engine has been shut down'));
    const worker = this.idle.pop();
    if (worker !== undefined) {
      this.busy.add(worker);
      return Promise.resolve(worker);
    }
    const waiting = new Promise<W>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.count < this.size) this.spawn();
    return waiting;
  }

  private spawn(): void {
    this.count += 1;
    this.factory.create().then(
      (worker) => {
        if (this.closed) {
          this.count -= 1;
          void this.factory.destroy(worker).catch(() => {});
          return;
        }
        this.busy.add(worker);
        this.release(worker);
      },
      (error: unknown) => {
        this.count -= 1;
        // While other workers exist the waiters will be served by them, only with less parallelism.
        if (this.count > 0) return;
        this.waiters.shift()?.reject(error);
        // One attempt per caller, so each one hears why (a missing file fails fast, not in a loop).
        if (this.waiters.length > 0 && !this.closed) this.spawn();
      },
    );
  }

  private release(worker: W): void {
    this.busy.delete(worker);
    if (this.closed || !this.factory.healthy(worker)) {
      // The replacement starts only once this one is gone, so the two never hold memory at once
      // (a worker holds its own copy of the OCR models).
      void this.factory
        .destroy(worker)
        .catch(() => {})
        .then(() => {
          this.count -= 1;
          if (!this.closed && this.waiters.length > 0 && this.count < this.size) this.spawn();
        });
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.busy.add(worker);
      waiter.resolve(worker);
    } else {
      this.idle.push(worker);
    }
  }

  /** Stops every worker, including busy ones (their jobs reject); later calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new DependencyError('OCR_ENGINE_CLOSED', 'the OCR engine has been shut down');
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    const all = [...this.idle.splice(0), ...this.busy];
    await Promise.all(all.map((worker) => this.factory.destroy(worker).catch(() => {})));
  }
}
