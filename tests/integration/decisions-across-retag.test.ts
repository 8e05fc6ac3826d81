import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedHitsWithDecisions } from '../../src/api/exports/queued-hits.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { analyseOcr } from '../../src/pipeline/analyse-ocr.ts';
import { textContextOf, type TextContext } from '../../src/pipeline/text-context.ts';
import { previewRetag } from '../../src/review/retag-preview.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store, StoredHit } from '../../src/store/store.ts';
import { createTestDatabase, STORE_BACKENDS, type TestDatabase } from './helpers/store-backends.ts';
import { newDocument, sampleOcr } from './helpers/store-fixtures.ts';

/**
 * Issue #16, defect 1: a glossary change and a re-tag must not wipe a team's review. Real
 * glossary (the repository's, copied and edited as an admin would), real tagging of stored OCR
 * text, a real store on both backends. The edit below does one thing of each kind:
 *   - jingqiao-yizhan gains an English rendering      → its decisions stay (carried)
 *   - the 海内外警侨联动服务中心 variant is removed      → the shorter hit is pending, "span moved"
 *   - the 南通市 variant becomes deprecated             → pending, "now deprecated"
 *   - the gonganju entry is removed                    → its rejected hit is withdrawn, still exported
 *   - the pinqing entry is removed                     → its hit, decided and undone, just goes
 *   - a new entry for 设立                              → a new pending hit
 */
const TEXT = '海安市公安局在李堡镇设立警侨驿站，南通市海内外警侨联动服务中心聘请侨领。';

async function editedGlossary(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  const file = path.join(to, 'terms.yaml');
  let yaml = await readFile(file, 'utf8');
  const replace = (before: string | RegExp, after: string) => {
    const next = yaml.replace(before, after);
    expect(next, `glossary edit ${String(before)}`).not.toBe(yaml);
    yaml = next;
  };
  replace(
    'english: ["police-overseas Chinese station", "Overseas Chinese Police Service Center", "police-diaspora station"]',
    'english: ["police-overseas Chinese station", "Overseas Chinese Police Service Center", "police-diaspora station", "overseas police service station"]',
  );
  replace('    variants: [海内外警侨联动服务中心]\n', '');
  replace('    term: 南通\n    variants: [南通市]', '    term: 南通\n    deprecated: [南通市]');
  replace(/ {2}- id: gonganju\n( {4}.*\n)+\n/, '');
  replace(/ {2}- id: pinqing\n( {4}.*\n)+\n/, '');
  yaml += '\n  - id: sheli\n    term: 设立\n    english: ["set up"]\n    category: action\n    source: [000_2c7509e03158f8e3]\n';
  await writeFile(file, yaml);
}

describe.each(STORE_BACKENDS)('review decisions across a glossary change on %s', (backend) => {
  let testDb: TestDatabase;
  let store: Store;
  let dirs: string;
  let before: TextContext;
  let after: TextContext;
  const shas: string[] = [];

  async function tag(sha256: string, ctx: TextContext): Promise<void> {
    const ocr = (await store.getOcrText(sha256))!;
    const analysis = analyseOcr(ocr, { sha256, mediaType: 'image/png' }, ctx);
    await store.saveAnalysis({ sha256, glossaryVersion: ctx.glossary.version, text: ocr.text, script: analysis.script, tokens: analysis.tokens, hits: analysis.hits, annotations: analysis.annotations });
  }

  const hitOf = async (sha256: string, entryId: string): Promise<StoredHit> => {
    const hit = (await store.listHits(sha256)).find((h) => h.entryId === entryId);
    expect(hit, `${entryId} in ${sha256.slice(0, 8)}`).toBeDefined();
    return hit!;
  };

  async function decide(sha256: string, entryId: string, decision: 'confirm' | 'reject' | 'correct' | 'reopen', corrected?: Record<string, unknown>) {
    const hit = await hitOf(sha256, entryId);
    const revision = (await store.listReviewRevisions(hit.id)).length + 1;
    await store.appendReviewRevision({ hitId: hit.id, revision, decision, author: 'reviewer-1', ...(corrected ? { corrected } : {}) });
  }

  const statusOf = async (sha256: string) =>
    Object.fromEntries((await store.hits.queued({ sha256 }, { limit: 100 })).map((h) => [`${h.entryId}@${h.start}`, h.reviewStatus]));

  beforeAll(async () => {
    testDb = await createTestDatabase(backend);
    store = await openStore(testDb.config);
    dirs = await mkdtemp(path.join(os.tmpdir(), 'termlens-retag-glossary-'));
    before = textContextOf(await loadGlossary(path.join(import.meta.dirname, '../../glossary')));
    await editedGlossary(path.join(import.meta.dirname, '../../glossary'), path.join(dirs, 'after'));
    after = textContextOf(await loadGlossary(path.join(dirs, 'after')));
    for (const name of ['one', 'two']) {
      const doc = newDocument(`retag-${name}`);
      await store.putDocument(doc);
      await store.saveOcrResult(doc.sha256, sampleOcr(TEXT));
      await tag(doc.sha256, before);
      shas.push(doc.sha256);
      await decide(doc.sha256, 'haian', 'confirm');
      await decide(doc.sha256, 'jingqiao-yizhan', 'confirm');
      await decide(doc.sha256, 'gonganju', 'reject');
      await decide(doc.sha256, 'libao', 'correct', { matched: '李堡镇设立', reading: '李堡镇' });
      await decide(doc.sha256, 'jingqiao-liandong-fuwu-zhongxin', 'confirm');
      await decide(doc.sha256, 'nantong', 'confirm');
      await decide(doc.sha256, 'nantong', 'reject');
      // Confirmed, then undone by a bulk undo: pending again, so nothing to keep when it goes.
      await decide(doc.sha256, 'pinqing', 'confirm');
      await decide(doc.sha256, 'pinqing', 'reopen');
    }
  });

  afterAll(async () => {
    await store?.close();
    await testDb?.dispose();
    if (dirs) await rm(dirs, { recursive: true, force: true });
  });

  it('says before the re-tag how many decisions it keeps, reopens and withdraws', async () => {
    expect(before.glossary.version).not.toBe(after.glossary.version);
    const preview = await previewRetag(store, shas, after);
    // Per document: haian, jingqiao-yizhan and libao kept; the centre and nantong reopened (the
    // shorter centre hit replaces the longer one); gonganju withdrawn; 设立 new.
    expect(preview).toEqual({ glossaryVersion: after.glossary.version, documents: 2, kept: 6, reopened: 4, withdrawn: 2, added: 2 });
  });

  it('keeps, reopens, withdraws and adds as the preview said; a re-tag cut off half way and run again ends the same', async () => {
    const reviewedBefore = await statusOf(shas[1]!);
    // The re-tag is cut off after the first document: the second still shows its own review.
    await tag(shas[0]!, after);
    expect(await statusOf(shas[1]!)).toEqual(reviewedBefore);
    // Run again from the start, as `termlens retag` or the reconciler would: the first document
    // is saved a second time under the same version.
    for (const sha of shas) await tag(sha, after);

    for (const sha of shas) {
      expect(await statusOf(sha)).toEqual({
        'haian@0': 'confirmed',
        'libao@7': 'corrected',
        'sheli@10': 'pending',
        'jingqiao-yizhan@12': 'confirmed',
        'nantong@17': 'pending',
        'jingqiao-liandong-fuwu-zhongxin@23': 'pending',
        'qiaoling@33': 'pending',
      });
      const station = await hitOf(sha, 'jingqiao-yizhan');
      expect(station.glossaryVersion).toBe(after.glossary.version);
      expect(station.english).toContain('police-overseas Chinese station');
      const revisions = await store.listReviewRevisions(station.id);
      // Carried: the one decision, made on the earlier version's hit, once (not copied per save).
      expect(revisions.map((r) => [r.revision, r.decision, r.hitId !== station.id])).toEqual([[1, 'confirm', true]]);
      const corrected = await store.listReviewRevisions((await hitOf(sha, 'libao')).id);
      expect(corrected.at(-1)?.corrected).toEqual({ matched: '李堡镇设立', reading: '李堡镇' });

      const centre = await hitOf(sha, 'jingqiao-liandong-fuwu-zhongxin');
      expect(centre.reopened?.reason).toBe('span moved: 海内外警侨联动服务中心 → 警侨联动服务中心');
      expect((await store.listReviewRevisionsOfKey(centre.reopened!.from)).map((r) => r.decision)).toEqual(['confirm']);
      const nantong = await hitOf(sha, 'nantong');
      expect(nantong.status).toBe('deprecated');
      expect(nantong.reopened?.reason).toBe('entry changed: form 南通市 is now deprecated');
      expect((await store.listReviewRevisionsOfKey(nantong.reopened!.from)).map((r) => r.decision)).toEqual(['confirm', 'reject']);
      expect((await hitOf(sha, 'sheli')).reopened).toBeUndefined();
    }

    const withdrawn = await store.hits.withdrawn({});
    expect(withdrawn.map((h) => [h.sha256, h.entryId, h.reviewStatus, h.glossaryVersion])).toEqual(
      (await orderedByUpload(store, shas)).map((sha) => [sha, 'gonganju', 'withdrawn', before.glossary.version]),
    );
    expect(await store.hits.count({})).toEqual({ total: 14, pending: 8, confirmed: 4, rejected: 0, corrected: 2, withdrawn: 2 });

    // The export has every decision: the withdrawn rejection too.
    const exported = [];
    for await (const row of queuedHitsWithDecisions(store, {})) exported.push(row);
    expect(exported).toHaveLength(16);
    const gone = exported.filter((r) => r.hit.reviewStatus === 'withdrawn');
    expect(gone.map((r) => [r.hit.entryId, r.decision?.decision])).toEqual([
      ['gonganju', 'reject'],
      ['gonganju', 'reject'],
    ]);
    // Every revision was written once: 9 per document, none copied by the re-tags.
    const rows = await testDb.query<{ n: number | string }>('select count(*) as n from review_revisions');
    expect(Number(rows[0]!.n)).toBe(18);
  });

  it('keeps a reopened hit\'s reason through a further re-tag, and a decision on it carries from then on', async () => {
    // A third version: an English rendering more for 海安, which changes no hit.
    const thirdDir = path.join(dirs, 'third');
    await cp(path.join(dirs, 'after'), thirdDir, { recursive: true });
    const file = path.join(thirdDir, 'terms.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('english: ["Hai\'an"]', 'english: ["Hai\'an", "Haian"]'));
    const third = textContextOf(await loadGlossary(thirdDir));
    expect(third.glossary.version).not.toBe(after.glossary.version);
    for (const sha of shas) await tag(sha, third);
    const centre = await hitOf(shas[0]!, 'jingqiao-liandong-fuwu-zhongxin');
    expect(centre.glossaryVersion).toBe(third.glossary.version);
    expect(centre.reopened?.reason).toBe('span moved: 海内外警侨联动服务中心 → 警侨联动服务中心');
    await decide(shas[0]!, 'jingqiao-liandong-fuwu-zhongxin', 'confirm');
    for (const sha of shas) await tag(sha, after);
    const again = await hitOf(shas[0]!, 'jingqiao-liandong-fuwu-zhongxin');
    expect((await store.hits.queued({ sha256: shas[0]!, entryId: 'jingqiao-liandong-fuwu-zhongxin' }, { limit: 5 }))[0]?.reviewStatus).toBe('confirmed');
    // Where it came from stays recorded (the page shows the reason only while it is pending).
    expect(again.reopened?.from).toBe(centre.reopened?.from);
    // The second document's reopened hit is still undecided and still says why.
    expect((await hitOf(shas[1]!, 'jingqiao-liandong-fuwu-zhongxin')).reopened?.reason).toBe('span moved: 海内外警侨联动服务中心 → 警侨联动服务中心');
  });
});

async function orderedByUpload(store: Store, shas: readonly string[]): Promise<string[]> {
  const docs = await Promise.all(shas.map(async (sha) => (await store.getDocument(sha))!));
  docs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.sha256 < b.sha256 ? -1 : 1));
  return docs.map((d) => d.sha256);
}
