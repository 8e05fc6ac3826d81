import { describe, expect, it } from 'vitest';
import { runInOrder } from '../../src/cli/run-in-order.ts';

describe('running files concurrently with output in input order', () => {
  it('emits in input order even when later inputs finish first, never exceeding the concurrency', async () => {
    const delays = [30, 5, 20, 1, 10, 2];
    const emitted: number[] = [];
    let running = 0;
    let peak = 0;
    await runInOrder(
      delays,
      3,
      async (delay, index) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, delay));
        running--;
        return index;
      },
      (output) => emitted.push(output),
    );
    expect(emitted).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(3);
  });
});
