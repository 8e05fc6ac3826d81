import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

/**
 * A hit on a deprecated glossary form says so, and names the preferred term: as the matcher
 * decided when it tagged the text, stored with the hit, not worked out again from the glossary
 * the service holds now.
 */

const ENTRY = {
  id: 'jingwu-zhan',
  term: '警务站',
  english: ['police post'],
  category: 'institution',
  deprecated: ['警务岗亭'],
  note: 'Added through the API in a test.',
  source: ['002_d9a3951b2287d1f7'],
};

type HitItem = { id: string; matched: string; term: string; termStatus?: string; preferred?: string };

let env: ApiTestEnv;

describe('term status of hits', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    const added = await env.as('admin', { method: 'POST', url: '/api/glossary/entries', payload: ENTRY });
    expect(added.statusCode, added.body).toBe(201);
  });
  afterAll(async () => {
    await env?.processor.idle();
    await env?.close();
  });

  async function hitsOf(sha256: string): Promise<HitItem[]> {
    const response = await env.as('reviewer', { method: 'GET', url: `/api/hits?document=${sha256}&term=jingwu-zhan&status=` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: HitItem[] }).items;
  }

  it('a deprecated form is hit, stored with its status and the preferred term, and shown so', async () => {
    const { sha256 } = await seedDocument(env, '青田县在罗马设立警务岗亭，聘请侨领。');
    const [hit] = await hitsOf(sha256);
    expect(hit).toMatchObject({ matched: '警务岗亭', term: '警务站', termStatus: 'deprecated', preferred: '警务站' });
    expect(await env.store.getHit(hit!.id)).toMatchObject({ status: 'deprecated', preferred: '警务站' });
    const one = await env.as('reviewer', { method: 'GET', url: `/api/hits/${hit!.id}` });
    expect(one.json().hit).toMatchObject({ termStatus: 'deprecated', preferred: '警务站' });
    const document = await env.as('reviewer', { method: 'GET', url: `/api/documents/${sha256}` });
    expect(document.json().hits.find((h: HitItem) => h.id === hit!.id)).toMatchObject({ termStatus: 'deprecated', preferred: '警务站' });
  });

  it('shows what the analysis stored, whatever the glossary says now', async () => {
    const { sha256 } = await seedDocument(env, '温州市设立警务岗亭。');
    // The same document as tagged with a glossary that did not deprecate the form yet.
    const analysis = (await env.store.getDocumentResult(sha256))!;
    const hits = analysis.hits.map(({ status: _status, preferred: _preferred, ...hit }) => hit);
    await env.store.saveAnalysis({ ...analysis, sha256, glossaryVersion: 'e'.repeat(64), hits });
    const [hit] = await hitsOf(sha256);
    expect(hit).toMatchObject({ matched: '警务岗亭' });
    expect(hit).not.toHaveProperty('termStatus');
    expect(hit).not.toHaveProperty('preferred');
  });

  it('an ordinary hit has neither', async () => {
    const { sha256 } = await seedDocument(env, '罗马的警务站。');
    const [hit] = await hitsOf(sha256);
    expect(hit).toMatchObject({ matched: '警务站' });
    expect(hit).not.toHaveProperty('termStatus');
    expect(hit).not.toHaveProperty('preferred');
  });
});
