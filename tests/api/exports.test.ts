import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATION_CONTEXT, WebAnnotationSchema } from '../../src/domain/annotation.ts';
import { createApiTestEnv, type ApiTestEnv } from './helpers/api-env.ts';
import { seedDocument } from './helpers/seed-documents.ts';

let env: ApiTestEnv;
let hits: { id: string; etag: string; entryId: string; matched: string; start: number; end: number }[];

describe('exports', () => {
  beforeAll(async () => {
    env = await createApiTestEnv();
    await seedDocument(env);
    // A second document with a hit whose text starts like a spreadsheet formula.
    await seedDocument(env, '=青田县公安局的通知');
    hits = (await env.as('reviewer', { method: 'GET', url: '/api/hits?limit=100' })).json().items;
    const decide = (i: number, body: object) =>
      env.as('reviewer', { method: 'POST', url: `/api/hits/${hits[i]!.id}/decisions`, headers: { 'if-match': hits[i]!.etag }, payload: body });
    expect((await decide(0, { decision: 'confirm' })).statusCode).toBe(201);
    expect((await decide(1, { decision: 'reject', note: 'not the institution, a "name", really' })).statusCode).toBe(201);
    expect((await decide(2, { decision: 'correct', correction: { reading: '侨领', entryId: 'qiaoling' }, note: 'line 1\nline 2' })).statusCode).toBe(201);
  });
  afterAll(async () => env?.close());

  it('writes a W3C AnnotationCollection that parses, with the decisions as annotations of the hits', async () => {
    const response = await env.as('reviewer', { method: 'GET', url: '/api/exports/annotations.jsonld' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/ld\+json/);
    const collection = response.json();
    expect(collection['@context']).toBe(ANNOTATION_CONTEXT);
    expect(collection.type).toBe('AnnotationCollection');
    const items = collection.first.items as Record<string, unknown>[];
    expect(collection.total).toBe(items.length);
    const tags = items.filter((a) => a.motivation === 'tagging');
    expect(tags).toHaveLength(hits.length);
    for (const a of tags) expect(WebAnnotationSchema.safeParse(a).success).toBe(true);
    const reviews = items.filter((a) => a.motivation !== 'tagging');
    expect(reviews.map((r) => r.motivation).sort()).toEqual(['assessing', 'assessing', 'editing']);
    for (const r of reviews) {
      expect(r['@context']).toBe(ANNOTATION_CONTEXT);
      expect((r.creator as { name: string }).name).toMatch(/^test-reviewer/);
      expect(tags.map((t) => t.id)).toContain((r.target as string[])[0]);
    }
    const audit = await env.store.listAudit({ limit: 5 });
    expect(audit.some((a) => a.action === 'export.annotations')).toBe(true);
  });

  it('writes a CSV of hits with decisions that round-trips through csv-parse', async () => {
    const response = await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(hits.length);
    const byId = new Map(rows.map((r) => [r.hit_id, r]));
    expect(byId.get(hits[0]!.id)).toMatchObject({ decision: 'confirm', review_status: 'confirmed', revision: '1' });
    expect(byId.get(hits[1]!.id)).toMatchObject({ decision: 'reject', note: 'not the institution, a "name", really' });
    expect(byId.get(hits[2]!.id)).toMatchObject({ decision: 'correct', corrected_reading: '侨领', corrected_entry_id: 'qiaoling', note: 'line 1\nline 2' });
    expect(byId.get(hits[3]!.id)).toMatchObject({ decision: '', review_status: 'pending' });
    for (const hit of hits) expect(byId.get(hit.id)).toMatchObject({ entry_id: hit.entryId, matched: hit.matched, start: String(hit.start), end: String(hit.end) });
    expect(rows.every((r) => r.decided_by === '' || r.decided_by!.startsWith('test-reviewer'))).toBe(true);
  });

  it('filters exports like the queue', async () => {
    const rejected = parse((await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv?status=rejected' })).body, { columns: true });
    expect(rejected).toHaveLength(1);
    const byTerm = parse((await env.as('reviewer', { method: 'GET', url: '/api/exports/hits.csv?term=gonganju' })).body, { columns: true }) as Record<string, string>[];
    expect(byTerm.length).toBe(2);
    expect(byTerm.every((r) => r.entry_id === 'gonganju')).toBe(true);
    const jsonld = (await env.as('reviewer', { method: 'GET', url: '/api/exports/annotations.jsonld?status=pending' })).json();
    expect(jsonld.first.items.every((a: { motivation: string }) => a.motivation === 'tagging')).toBe(true);
  });

  it('writes a KWIC concordance per term', async () => {
    const response = await env.as('reviewer', { method: 'GET', url: '/api/exports/kwic.json?width=4' });
    expect(response.statusCode).toBe(200);
    const { terms } = response.json() as { terms: { entryId: string; term: string; lines: { left: string; keyword: string; right: string; reviewStatus: string }[] }[] };
    const gonganju = terms.find((t) => t.entryId === 'gonganju')!;
    expect(gonganju.lines).toHaveLength(2);
    expect(gonganju.lines[0]).toMatchObject({ left: '青田县', keyword: '公安局', right: '在海外设' });
    expect(gonganju.lines[1]).toMatchObject({ left: '=青田县', keyword: '公安局', right: '的通知' });
    expect(new Set(terms.map((t) => t.entryId)).size).toBe(terms.length);
  });
});
