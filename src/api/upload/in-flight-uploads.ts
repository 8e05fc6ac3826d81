/**
 * The uploads being received right now. A shutdown gives them until its deadline; those still
 * arriving then are cut (their reception aborted), and the shutdown waits for their handlers to
 * record them as failed before the store closes under them.
 */
export class InFlightUploads {
  readonly #active = new Map<AbortController, Promise<unknown>>();

  get size(): number {
    return this.#active.size;
  }

  /** Runs one upload's handling with a signal that fires when the upload is cut. */
  async track<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const running = run(controller.signal);
    this.#active.set(controller, running.catch(() => undefined));
    try {
      return await running;
    } finally {
      this.#active.delete(controller);
    }
  }

  /** Cuts every upload and waits up to `waitMs` for their handlers to finish recording them. */
  async interruptAll(waitMs: number): Promise<void> {
    const handlers = [...this.#active.entries()].map(([controller, handled]) => {
      controller.abort();
      return handled;
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(handlers),
      new Promise((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
