import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSnapshotVersions } from '../../src/glossary/interchange/version-store.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

let env: ApiTestEnv;
let sha256: string;

const NEW_ENTRY = {
  id: 'jingwu-zhan',
  term: '警务站',
  english: ['police post'],
  category: 'institution',
  note: 'Added through the API in a test.',
  source: ['002_d9a3951b2287d1f7'],
};

describe('glossary browsing and admin edits', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    ({ sha256 } = await seedDocument(env, '青田县在罗马设立警务站，聘请侨领。'));
  });
  afterAll(async () => {
    await env?.processor.idle();
    await env?.close();
  });

  it('records the version it started with, which the hits it tags carry', async () => {
    const hits = (await env.as('reviewer', { method: 'GET', url: `/api/hits?document=${sha256}` })).json().items;
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h: { glossaryVersion: string }) => h.glossaryVersion))).toEqual(new Set([env.deps.glossary.version]));
    expect(await listSnapshotVersions(env.dir)).toContain(env.deps.glossary.version);
  });

  it('searches entries by form in either script, English and category', async () => {
    const simplified = (await env.as('reviewer', { method: 'GET', url: `/api/glossary?q=${encodeURIComponent('警侨驿站')}` })).json();
    expect(simplified.entries.map((e: { id: string }) => e.id)).toContain('jingqiao-yizhan');
    const traditional = (await env.as('reviewer', { method: 'GET', url: `/api/glossary?q=${encodeURIComponent('警僑驛站')}` })).json();
    expect(traditional.entries.map((e: { id: string }) => e.id)).toContain('jingqiao-yizhan');
    const english = (await env.as('reviewer', { method: 'GET', url: '/api/glossary?q=hire' })).json();
    expect(english.entries.map((e: { id: string }) => e.id)).toContain('pinqing');
    const places = (await env.as('reviewer', { method: 'GET', url: '/api/glossary?category=place' })).json();
    expect(places.entries.every((e: { category: string }) => e.category === 'place')).toBe(true);
    expect((await env.as('reviewer', { method: 'GET', url: '/api/glossary/entries/pinqing' })).json().note).toContain('聘请');
  });

  it('adds an entry through the import merge, offers a re-tag, and the re-tag finds the new term', async () => {
    expect((await env.as('reviewer', { method: 'GET', url: `/api/hits?document=${sha256}&term=jingwu-zhan` })).json().items).toEqual([]);
    const before = env.deps.glossary.version;
    const added = await env.as('admin', { method: 'POST', url: '/api/glossary/entries', payload: NEW_ENTRY });
    expect(added.statusCode, added.body).toBe(201);
    const answer = added.json();
    expect(answer).toMatchObject({ changed: true, versionBefore: before, retag: { offered: true } });
    expect(answer.versionAfter).not.toBe(before);
    expect(answer.entry).toMatchObject({ id: 'jingwu-zhan', term: '警务站' });
    expect(await readFile(path.join(env.glossaryDir, 'imported.yaml'), 'utf8')).toContain('jingwu-zhan');

    const retag = await env.as('admin', { method: 'POST', url: '/api/glossary/retag', payload: {} });
    expect(retag.statusCode).toBe(202);
    expect(retag.json()).toMatchObject({ glossaryVersion: answer.versionAfter, documents: 1 });
    await env.processor.idle();
    const hits = (await env.as('reviewer', { method: 'GET', url: `/api/hits?document=${sha256}&term=jingwu-zhan` })).json().items;
    expect(hits).toHaveLength(1);
    expect(hits[0].glossaryVersion).toBe(answer.versionAfter);
    const audit = (await env.store.listAudit({ limit: 10 })).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['glossary.entry_added', 'glossary.retag']));
  });

  it('changes an entry, adding to it and never dropping what it had', async () => {
    const entry = (await env.as('reviewer', { method: 'GET', url: '/api/glossary/entries/pinqing' })).json();
    const { id: _id, ...body } = entry;
    const changed = await env.as('admin', {
      method: 'PUT',
      url: '/api/glossary/entries/pinqing',
      payload: { ...body, note: undefined, english: ['hire (edited)'], variants: [...entry.variants, '聘任'] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json().entry;
    expect(after.english[0]).toBe('hire (edited)');
    expect(after.english).toEqual(expect.arrayContaining(entry.english));
    expect(after.variants).toContain('聘任');
    const unchanged = await env.as('admin', { method: 'PUT', url: '/api/glossary/entries/pinqing', payload: { ...body, english: after.english, variants: after.variants, note: after.note ?? undefined } });
    expect(unchanged.json()).toMatchObject({ changed: false, retag: { offered: false } });
  });

  it('refuses bad edits with the reason and writes nothing', async () => {
    const files = await readFile(path.join(env.glossaryDir, 'terms.yaml'), 'utf8');
    const taken = await env.as('admin', { method: 'POST', url: '/api/glossary/entries', payload: { ...NEW_ENTRY, id: 'qingtian-two', term: '青田' } });
    expect(taken.statusCode).toBe(422);
    expect(taken.json().error.message).toMatch(/青田/);
    expect((await env.as('admin', { method: 'POST', url: '/api/glossary/entries', payload: { ...NEW_ENTRY, id: 'Bad Id' } })).statusCode).toBe(400);
    expect((await env.as('admin', { method: 'POST', url: '/api/glossary/entries', payload: { ...NEW_ENTRY, id: 'pinqing' } })).statusCode).toBe(409);
    expect((await env.as('admin', { method: 'PUT', url: '/api/glossary/entries/no-such', payload: NEW_ENTRY })).statusCode).toBe(404);
    expect((await env.as('admin', { method: 'POST', url: '/api/glossary/entries', payload: { ...NEW_ENTRY, id: 'x-y', category: 'weapon' } })).statusCode).toBe(400);
    expect(await readFile(path.join(env.glossaryDir, 'terms.yaml'), 'utf8')).toBe(files);
  });
});
