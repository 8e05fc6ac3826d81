/** The store's review revisions and audit log, on SQLite and PostgreSQL. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { RevisionConflictError } from '../../src/store/revision-conflict-error.ts';
import { STORE_BACKENDS } from './helpers/store-backends.ts';
import { newDocument, sampleAnalysis } from './helpers/store-fixtures.ts';
import { useStoreSuite } from './helpers/store-suite.ts';

describe.each(STORE_BACKENDS)('store on %s', (backend) => {
  const env = useStoreSuite(backend);

  it('appends review revisions and refuses a taken revision number cleanly', async () => {
    const doc = newDocument('review');
    await env.store.putDocument(doc);
    const [hitId] = (await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'))).hitIds;
    const r1 = await env.store.appendReviewRevision({ hitId: hitId!, revision: 1, decision: 'confirm', author: 'translator-a' });
    expect(r1).toMatchObject({ hitId, revision: 1, decision: 'confirm', corrected: null, note: null, author: 'translator-a' });

    const conflict = env.store.appendReviewRevision({ hitId: hitId!, revision: 1, decision: 'reject', author: 'translator-b' });
    await expect(conflict).rejects.toBeInstanceOf(RevisionConflictError);
    await expect(conflict).rejects.toBeInstanceOf(InputError);
    await expect(conflict).rejects.toMatchObject({ code: 'REVIEW_REVISION_CONFLICT', hitId, revision: 1 });

    await env.store.appendReviewRevision({
      hitId: hitId!,
      revision: 2,
      decision: 'correct',
      corrected: { english: 'overseas contact station' },
      note: '联络站 here is a liaison office, not a police station',
      author: 'translator-b',
    });
    const revisions = await env.store.listReviewRevisions(hitId!);
    expect(revisions.map((r) => [r.revision, r.decision, r.author])).toEqual([
      [1, 'confirm', 'translator-a'],
      [2, 'correct', 'translator-b'],
    ]);
    expect(revisions[1]!.corrected).toEqual({ english: 'overseas contact station' });

    // Two reviewers racing for the same number: exactly one wins, the other gets the conflict.
    const race = await Promise.allSettled(
      ['translator-c', 'translator-d'].map((author) => env.store.appendReviewRevision({ hitId: hitId!, revision: 3, decision: 'confirm', author })),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(RevisionConflictError);

    // Saving the same analysis again keeps the hit id, so the decisions stay attached.
    const [again] = (await env.store.saveAnalysis(sampleAnalysis(doc.sha256, 'glossary-v1'))).hitIds;
    expect(again).toBe(hitId);
    expect(await env.store.listReviewRevisions(hitId!)).toHaveLength(3);
  });

  it('appends audit entries and lists them newest first', async () => {
    const first = await env.store.appendAudit({ actor: 'cli', action: 'batch.created', subject: 'audit-batch', details: { files: 3 } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await env.store.appendAudit({ actor: 'cli', action: 'batch.resumed', subject: 'audit-batch' });
    await env.store.appendAudit({ actor: 'cli', action: 'other', subject: 'other-subject' });
    expect(first.details).toEqual({ files: 3 });
    const entries = await env.store.listAudit({ subject: 'audit-batch' });
    expect(entries.map((e) => e.action)).toEqual(['batch.resumed', 'batch.created']);
    expect(entries[0]!.details).toEqual({});
    expect(await env.store.listAudit({ limit: 1 })).toHaveLength(1);
  });
});
