import fc from 'fast-check';
import { describe, it } from 'vitest';
import { apiRoutes } from './api-target.ts';

/** The review API under random and schema-bent requests (api-target.ts); fixed seed and runs, as inputs.test.ts. */
const SEED = Number(process.env.TERMLENS_FUZZ_SEED ?? 20_210_007);

describe('fuzzed API requests', () => {
  it(`${apiRoutes.name}: no 5xx and a coded 4xx, for ${apiRoutes.suiteRuns} requests`, async () => {
    const opened = await apiRoutes.open();
    try {
      await fc.assert(opened.property, { numRuns: apiRoutes.suiteRuns, seed: SEED, timeout: 10_000, markInterruptAsFailure: true });
    } finally {
      await opened.dispose();
    }
  });
});
