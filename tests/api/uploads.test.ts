import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../fixtures/make-zips.ts';
import { createApiTestEnv, SAMPLES_DIR, type ApiTestEnv } from './helpers/api-env.ts';
import { multipart } from './helpers/multipart.ts';

let env: ApiTestEnv;

async function filesUnder(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** Nothing of a refused upload may remain: no blob, no batch, no item, no document. */
async function expectNothingStored(): Promise<void> {
  expect(await filesUnder(env.blobs.root)).toEqual([]);
  expect(await env.store.listBatches()).toEqual([]);
  expect(await env.store.listDocumentSha256s()).toEqual([]);
}

function parseSse(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) };
    });
}

describe('uploads', () => {
  beforeAll(async () => {
    env = await createApiTestEnv({ uploadMaxFileBytes: 300_000, uploadMaxFiles: 4 });
  });
  afterAll(async () => {
    await env?.processor.idle();
    await env?.close();
  });

  it('refuses a file over the size limit with 413, every time, and keeps nothing', async () => {
    const big = Buffer.alloc(400_000, 7);
    const small = await readFile(path.join(SAMPLES_DIR, '01-police-libao-station-simplified-sans.png'));
    for (let attempt = 0; attempt < 3; attempt++) {
      // A good file first: it is not kept either when a later one is refused.
      const body = multipart([
        { name: 'fine.png', data: small, type: 'image/png' },
        { name: 'huge.png', data: big, type: 'image/png' },
      ]);
      const response = await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('UPLOAD_TOO_LARGE');
      await expectNothingStored();
    }
    const refused = (await env.store.listAudit({ limit: 10 })).filter((a) => a.action === 'upload.refused');
    expect(refused).toHaveLength(3);
  });

  it('refuses too many files with 413 and keeps nothing', async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.png`, data: Buffer.from(`x${i}`) }));
    const body = multipart(files);
    const response = await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers });
    expect(response.statusCode).toBe(413);
    await expectNothingStored();
  });

  it('refuses a body that says it is larger than any allowed upload before reading it', async () => {
    const body = multipart([{ name: 'a.png', data: Buffer.from('x') }]);
    const response = await env.as('uploader', {
      method: 'POST',
      url: '/api/uploads',
      payload: body.payload,
      headers: { ...body.headers, 'content-length': String(50 * 1024 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    await expectNothingStored();
  });

  it('answers 415 to a non-multipart upload and 400 to an empty one', async () => {
    expect((await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: { a: 1 } })).statusCode).toBe(415);
    const empty = multipart([], { name: 'nothing' });
    expect((await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: empty.payload, headers: empty.headers })).statusCode).toBe(400);
    await expectNothingStored();
  });

  it('accounts for every file: images processed, a zip opened, a duplicate and a non-image recorded', async () => {
    const png = await readFile(path.join(SAMPLES_DIR, '06-tw-news-wenzhou-hiring-traditional-sans.png'));
    const zip = buildZip([{ name: 'inner/shot.png', data: png }, { name: 'inner/readme.txt', data: Buffer.from('hello') }]);
    const body = multipart(
      [
        { name: 'wenzhou.png', data: png, type: 'image/png' },
        { name: 'again.png', data: png, type: 'image/png' },
        { name: 'notes.txt', data: Buffer.from('plain text, not an image') },
        { name: 'leak.zip', data: zip, type: 'application/zip' },
      ],
      { name: 'api test' },
    );
    const response = await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers });
    expect(response.statusCode, response.body).toBe(202);
    const answer = response.json();
    expect(answer.batch.name).toMatch(/^api test · /);
    const byKey = new Map(answer.items.map((i: { itemKey: string }) => [i.itemKey, i]));
    expect([...byKey.keys()].sort()).toEqual(['again.png', 'leak.zip/inner/readme.txt', 'leak.zip/inner/shot.png', 'notes.txt', 'wenzhou.png']);
    expect(byKey.get('notes.txt')).toMatchObject({ status: 'failed', error: { code: 'UNSUPPORTED_TYPE' } });
    expect(byKey.get('leak.zip/inner/readme.txt')).toMatchObject({ status: 'failed' });
    const duplicates = answer.items.filter((i: { status: string }) => i.status === 'duplicate');
    expect(duplicates).toHaveLength(2);

    await env.processor.idle();
    const batch = (await env.as('uploader', { method: 'GET', url: `/api/batches/${answer.batch.id}` })).json();
    expect(batch.batch.counts).toMatchObject({ done: 1, duplicate: 2, failed: 2, total: 5 });
    expect(batch.batch.finished).toBe(true);

    // The original is stored once, by its hash, byte for byte.
    const sha256 = byKey.get('wenzhou.png') as { sha256: string };
    expect(await env.blobs.get(sha256.sha256)).toEqual(png);
    const hits = (await env.as('reviewer', { method: 'GET', url: `/api/hits?batch=${answer.batch.id}&limit=100` })).json();
    expect(hits.items.length).toBeGreaterThan(3);
    expect(hits.items.map((h: { entryId: string }) => h.entryId)).toContain('pinqing');

    // The progress stream of a finished batch says so at once and ends.
    const events = await env.as('uploader', { method: 'GET', url: `/api/batches/${answer.batch.id}/events` });
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
    const parsed = parseSse(events.body);
    expect(parsed[0]!.event).toBe('progress');
    expect((parsed[0]!.data as { items: unknown[] }).items).toHaveLength(5);
    expect(parsed[parsed.length - 1]).toMatchObject({ event: 'done', data: { batch: { finished: true } } });

    const audit = await env.store.listAudit({ subject: answer.batch.id });
    expect(audit[0]).toMatchObject({ action: 'upload.created', details: { items: 5 } });
  });

  it('streams progress while a batch is still being processed', async () => {
    const png = await readFile(path.join(SAMPLES_DIR, '09-portal-jiangsu-belt-road-simplified-sans.png'));
    const body = multipart([{ name: 'jiangsu.png', data: png, type: 'image/png' }]);
    const answer = (await env.as('uploader', { method: 'POST', url: '/api/uploads', payload: body.payload, headers: body.headers })).json();
    const events = parseSse((await env.as('uploader', { method: 'GET', url: `/api/batches/${answer.batch.id}/events` })).body);
    const statuses = events.flatMap((e) => ((e.data as { items?: { status: string }[] }).items ?? []).map((i) => i.status));
    expect(statuses[statuses.length - 1]).toBe('done');
    expect(statuses.some((s) => s !== 'done')).toBe(true);
    expect(events[events.length - 1]!.event).toBe('done');
  });
});
