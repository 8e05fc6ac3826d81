import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/collect-garbage.ts';

describe('collectGarbage', () => {
  it('frees unreachable buffers at once, in a process started without --expose-gc', async () => {
    expect(process.execArgv.join(' ')).not.toMatch(/expose[-_]gc/);
    let buffers: ArrayBuffer[] | undefined = Array.from({ length: 10 }, () => new ArrayBuffer(2_000_000));
    const held = process.memoryUsage().arrayBuffers;
    expect(buffers.length).toBe(10);
    buffers = undefined;
    collectGarbage();
    // V8 sweeps array buffers on a thread of its own, just after the collection.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(held - process.memoryUsage().arrayBuffers).toBeGreaterThan(19_000_000);
  });
});
