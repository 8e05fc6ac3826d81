import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { newDocument, sampleAnalysis } from '../integration/helpers/store-fixtures.ts';
import { runCli } from './helpers/run-cli.ts';

/**
 * `termlens review` runs the review service's rules (src/review/) on the store, as the API
 * does: a decision is a new revision made on a version the caller names, a stale version is
 * refused, and every decision is in the audit log.
 */
describe('termlens review', () => {
  let dataDir: string;
  let hitId: string;
  const env = () => ({ TERMLENS_DATA_DIR: dataDir, DATABASE_URL: undefined });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-review-cli-'));
    const store = await openStore({ dataDir });
    try {
      const doc = newDocument('review-cli');
      await store.putDocument(doc);
      const { hitIds } = await store.saveAnalysis(sampleAnalysis(doc.sha256, 'v1', { withPinqing: true }));
      hitId = hitIds[0]!;
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows a hit with its state, its ETag and no revisions yet', async () => {
    const run = await runCli(['review', 'show', hitId], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const shown = JSON.parse(run.stdout);
    expect(shown.hit.id).toBe(hitId);
    expect(shown.hit.matched).toBe('海外联络站');
    expect(shown.state).toEqual({ revision: 0, reviewStatus: 'pending' });
    expect(shown.etag).toBe(`"${hitId}.r0"`);
    expect(shown.revisions).toEqual([]);
  });

  it('confirms, then refuses a decision on the version it replaced, then rejects on the current one', async () => {
    const confirm = await runCli(['review', 'decide', hitId, 'confirm', '--note', 'seen in the source', '--as', 'li-wei'], { env: env() });
    expect(confirm.code, confirm.stderr).toBe(0);
    expect(confirm.stderr).toContain('confirmed, revision 1');

    const stale = await runCli(['review', 'decide', hitId, 'reject', '--revision', '0', '--as', 'me'], { env: env() });
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/HIT_CHANGED: someone decided on this hit since/);
    expect(stale.stderr).not.toMatch(/\n\s+at /);

    const reject = await runCli(['review', 'decide', hitId, 'reject', '--revision', '1', '--as', 'chen'], { env: env() });
    expect(reject.code, reject.stderr).toBe(0);

    const shown = JSON.parse((await runCli(['review', 'show', hitId], { env: env() })).stdout);
    expect(shown.state).toEqual({ revision: 2, reviewStatus: 'rejected' });
    expect(shown.revisions.map((r: { decision: string; author: string; note: string | null }) => [r.decision, r.author, r.note])).toEqual([
      ['confirm', 'cli:li-wei', 'seen in the source'],
      ['reject', 'cli:chen', null],
    ]);

    const store = await openStore({ dataDir });
    try {
      const audit = await store.listAudit({ subject: hitId });
      expect(audit.map((a) => [a.action, a.actor]).sort()).toEqual(
        [
          ['review.confirm', 'cli:li-wei'],
          ['review.refused', 'cli:me'],
          ['review.reject', 'cli:chen'],
        ].sort(),
      );
    } finally {
      await store.close();
    }
  });

  it('names an unknown hit and a bad decision without a stack trace', async () => {
    const missing = await runCli(['review', 'show', 'no-such-hit'], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/hit/i);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const bad = await runCli(['review', 'decide', hitId, 'maybe'], { env: env() });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/confirm, reject/);
  });
});
