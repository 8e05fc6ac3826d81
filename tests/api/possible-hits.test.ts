import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebAnnotationSchema } from '../../src/domain/annotation.ts';
import { STORE_BACKENDS } from '../integration/helpers/store-backends.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

/**
 * `possible` hits in the store (issue #20, point 5): the analysis job stores a short term one
 * known lookalike off (聘清 for 聘请) as a hit of kind `possible`, with a box; reviewers find it
 * in its own filter and decide it like any hit; the document list counts it apart; the CSV says
 * its kind and the W3C export makes it a question, not a tag.
 */
const TEXT = '市局负责人介绍，本次聘清三名海外联络员。';

type Item = { id: string; etag: string; kind: string; matched: string; term: string; form: string; bbox?: { x: number; w: number }; confidence: number };

describe.each(STORE_BACKENDS)('possible hits through the service on %s', (backend) => {
  let env: ApiTestEnv;
  let sha256: string;

  beforeAll(async () => {
    env = await createApiTestEnv({ backend });
    ({ sha256 } = await seedDocument(env, TEXT));
  });
  afterAll(async () => env?.close());

  const page = async (query: string) => (await env.as('reviewer', { method: 'GET', url: `/api/hits?${query}` })).json() as { items: Item[]; counts: Record<string, number> };

  it('stores the near miss as a possible hit with a box on the characters, and filters it apart', async () => {
    const all = await page('limit=100');
    expect(all.items.map((h) => [h.kind, h.matched]).sort()).toEqual([
      ['exact', '海外联络员'],
      ['possible', '聘清'],
    ]);
    const possible = await page('kind=possible');
    expect(possible.items).toHaveLength(1);
    const [hit] = possible.items;
    expect(hit).toMatchObject({ kind: 'possible', matched: '聘清', term: '聘请', form: '聘请' });
    // seedDocument's boxes: character i at x = 10 + 20 i; 聘清 is characters 10 and 11.
    expect(hit!.bbox).toMatchObject({ x: 210, w: 38 });
    expect(hit!.confidence).toBeLessThan(0.5);
    expect(possible.counts).toMatchObject({ total: 1, pending: 1 });
    expect((await page('kind=exact')).items.map((h) => h.matched)).toEqual(['海外联络员']);
  });

  it('counts possible hits apart in the document list', async () => {
    const list = (await env.as('reviewer', { method: 'GET', url: '/api/documents' })).json() as { items: { sha256: string; hits: Record<string, number> }[] };
    expect(list.items.find((d) => d.sha256 === sha256)!.hits).toMatchObject({ total: 2, pending: 2, possible: 1 });
  });

  it('lets a reviewer decide it, and exports it by its kind: a CSV row, a questioning annotation', async () => {
    const [hit] = (await page('kind=possible')).items;
    const decided = await env.as('reviewer', {
      method: 'POST',
      url: `/api/hits/${hit!.id}/decisions`,
      headers: { 'if-match': hit!.etag },
      payload: { decision: 'confirm', note: 'the scan reads 聘请' },
    });
    expect(decided.statusCode).toBe(201);
    expect((await page('kind=possible')).counts).toMatchObject({ total: 1, confirmed: 1, pending: 0 });

    const rows = parse((await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv' })).body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.kind, r.matched, r.review_status]).sort()).toEqual([
      ['exact', '海外联络员', 'pending'],
      ['possible', '聘清', 'confirmed'],
    ]);
    const onlyPossible = parse((await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv?kind=possible' })).body, { columns: true });
    expect(onlyPossible).toHaveLength(1);

    const items = (await env.as('reviewer', { method: 'GET', url: '/api/exports/annotations.jsonld' })).json().first.items as Record<string, unknown>[];
    const questions = items.filter((a) => a.motivation === 'questioning');
    expect(questions).toHaveLength(1);
    expect(WebAnnotationSchema.parse(questions[0]).body).toContainEqual(expect.objectContaining({ purpose: 'questioning', value: 'possibly 聘请 misread as 聘清' }));
    expect(items.filter((a) => a.motivation === 'tagging')).toHaveLength(1);
    // The decision annotates the question, as it would a tag.
    expect(items.find((a) => a.motivation === 'assessing')!.target).toContain(questions[0]!.id);
  });
});
