import fc from 'fast-check';
import { describe, it } from 'vitest';
import { INPUT_TARGETS } from './input-targets.ts';

/**
 * Property-based runs over every reader of outside input (see input-targets.ts). A fixed seed
 * and a fixed number of runs keep the suite reproducible and each target to a few seconds;
 * `npm run fuzz` runs the same properties with random seeds and hundreds of thousands of runs.
 */
const SEED = Number(process.env.TERMLENS_FUZZ_SEED ?? 20_210_007);

describe('fuzzed inputs', () => {
  for (const target of INPUT_TARGETS) {
    it(`${target.name}: ends, with a coded error or a result, for ${target.suiteRuns} inputs`, async () => {
      const opened = await target.open();
      try {
        await fc.assert(opened.property, { numRuns: target.suiteRuns, seed: SEED, timeout: 10_000, markInterruptAsFailure: true });
      } finally {
        await opened.dispose();
      }
    });
  }
});
