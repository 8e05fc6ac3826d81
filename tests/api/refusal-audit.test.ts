import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKey, cutForAudit, RefusalAudit } from '../../src/api/refusal-audit.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

/** RefusalAudit on a real SQLite store; requests are what fastify hands the auth hook. */

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-refusals-'));
  store = await openSqliteStore(path.join(dir, SQLITE_FILE_NAME));
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const request = (ip: string, url = '/api/hits') =>
  ({ ip, url, method: 'GET', headers: { 'user-agent': 'u'.repeat(500) }, principal: undefined }) as unknown as FastifyRequest;

const refusal = { action: 'access.denied', status: 401, code: 'UNAUTHENTICATED' };

describe('RefusalAudit', () => {
  it('writes a few rows per client and window, counts the rest in one summary, and cuts long fields', async () => {
    const audit = new RefusalAudit(store, { rowsPerClientPerMinute: 3, windowMs: 60_000 });
    for (let i = 0; i < 50; i++) await audit.record(request('203.0.113.7', `/api/${'A'.repeat(15_000)}`), refusal);
    for (let i = 0; i < 2; i++) await audit.record(request('203.0.113.8'), refusal);
    await audit.close();
    const rows = await store.listAudit({ limit: 100 });
    const single = rows.filter((r) => r.action === 'access.denied');
    const summaries = rows.filter((r) => r.action === 'access.denied.summary');
    expect(single).toHaveLength(5);
    for (const row of single.filter((r) => r.details.ip === '203.0.113.7')) {
      expect(row.subject).toHaveLength(201);
      expect(row.details.pathLength).toBe(15_005);
      expect(String(row.details.userAgent).length).toBeLessThanOrEqual(101);
    }
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ subject: '203.0.113.7', details: { count: 47, codes: { UNAUTHENTICATED: 47 } } });
  });

  it('starts a new allowance when the window has passed, summarising the old one', async () => {
    const audit = new RefusalAudit(store, { rowsPerClientPerMinute: 1, windowMs: 300 });
    for (let i = 0; i < 4; i++) await audit.record(request('198.51.100.1'), refusal);
    await new Promise((resolve) => setTimeout(resolve, 350));
    for (let i = 0; i < 2; i++) await audit.record(request('198.51.100.1'), refusal);
    await audit.close();
    const mine = (await store.listAudit({ limit: 200 })).filter((r) => r.details.ip === '198.51.100.1' || r.subject === '198.51.100.1');
    expect(mine.filter((r) => r.action === 'access.denied')).toHaveLength(2);
    expect(mine.filter((r) => r.action === 'access.denied.summary').map((r) => r.details.count).sort()).toEqual([1, 3]);
  });

  it('counts an IPv6 /64 as one client, and clients past the cap together', async () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    const audit = new RefusalAudit(store, { rowsPerClientPerMinute: 1, maxClients: 2 });
    for (let i = 0; i < 20; i++) await audit.record(request(`2001:db8:9:9:${i.toString(16)}::1`), refusal);
    for (let i = 0; i < 20; i++) await audit.record(request(`192.0.2.${i + 10}`), refusal);
    await audit.close();
    const rows = await store.listAudit({ limit: 500 });
    const summaries = rows.filter((r) => r.action === 'access.denied.summary');
    expect(summaries.find((s) => s.subject === '2001:db8:9:9::/64')?.details.count).toBe(19);
    // 192.0.2.10 took the second slot; the other 19 addresses share the overflow tally.
    expect(summaries.find((s) => s.subject === '*')?.details.count).toBe(18);
  });

  it('cuts without splitting a surrogate pair', () => {
    expect(cutForAudit('ab😀cd', 3)).toBe('ab…');
    expect(cutForAudit('abc', 3)).toBe('abc');
  });
});
