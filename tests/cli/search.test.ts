import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { openStore } from '../../src/store/open-store.ts';
import { CORPUS, seedText } from '../integration/helpers/search-corpus.ts';
import { runCli } from './helpers/run-cli.ts';

/**
 * `termlens search` on a real SQLite store whose documents went through the real analysis job:
 * traditional, simplified and mixed text, OCR spaces, words wrapped across lines.
 */
describe('termlens search', () => {
  let dataDir: string;
  const docs: Record<string, string> = {};
  const env = () => ({ TERMLENS_DATA_DIR: dataDir, DATABASE_URL: undefined });
  const search = (...args: string[]) => runCli(['search', ...args], { env: env() });
  const jsonl = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-search-cli-'));
    const store = await openStore({ dataDir });
    try {
      const ctx = await createTextContext();
      for (const [name, text] of Object.entries(CORPUS)) docs[name] = await seedText(store, ctx, text, name);
      const { batch } = await store.createOrFindBatch({ name: 'leak-a', sourcePath: '/leaks/a' });
      await store.upsertBatchItems(batch.id, [{ itemKey: 'pages/ocr.png', sha256: docs.ocrSpaces!, status: 'done' }]);
    } finally {
      await store.close();
    }
  });

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('prints one JSON object per occurrence, in either script, through OCR spaces and line breaks', async () => {
    const run = await search('普拉托', '--format', 'jsonl');
    expect(run.code, run.stderr).toBe(0);
    const results = jsonl(run.stdout);
    expect(results.map((r) => [r.path, r.matched])).toEqual([
      ['traditional.png', '普拉托'],
      ['ocrSpaces.png', '普 拉 托'],
      ['wrapped.png', '普拉\n托'],
    ]);
    const [first, second] = results;
    expect(Object.keys(first).sort()).toEqual(['bbox', 'end', 'fuzzy', 'matched', 'path', 'sha256', 'snippet', 'start']);
    expect(first).toMatchObject({ sha256: docs.traditional, start: 8, end: 11, fuzzy: false, bbox: { x: 170, y: 10, w: 58, h: 20 } });
    expect(first.snippet).toContain('【普拉托】');
    expect(second).toMatchObject({ batch: 'leak-a', sha256: docs.ocrSpaces });
    expect(run.stderr).toContain('3 occurrences in 3 documents');
  });

  it('finds traditional text for a simplified query and the reverse, and keeps it as written', async () => {
    const run = await search('公安機關', '--format', 'jsonl');
    expect(jsonl(run.stdout).map((r) => r.matched)).toEqual(['公安機關', '公安机关']);
    const simplified = await search('公安机关', '--format', 'jsonl', '--script', 'simplified');
    expect(jsonl(simplified.stdout).map((r) => r.sha256)).toEqual([docs.simplified]);
  });

  it('limits to a batch by name', async () => {
    const run = await search('普拉托', '--batch', 'leak-a', '--format', 'jsonl');
    expect(run.code, run.stderr).toBe(0);
    expect(jsonl(run.stdout).map((r) => r.sha256)).toEqual([docs.ocrSpaces]);
    const unknown = await search('普拉托', '--batch', 'no-such-batch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('BATCH_NOT_FOUND');
  });

  it('shows a table of document, matched text and context', async () => {
    const run = await search('最多跑一次');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/document\s+│\s+matched\s+│\s+context/);
    expect(run.stdout).toContain('wrapped.png');
    expect(run.stdout).toContain('最多跑⏎一次');
  });

  it('searches query syntax as text, finds one character, and marks fuzzy results', async () => {
    const literal = await search('"警侨" OR *', '--format', 'jsonl');
    expect(literal.code, literal.stderr).toBe(0);
    expect(jsonl(literal.stdout).map((r) => [r.sha256, r.matched])).toEqual([[docs.literal, '"警侨" OR *']]);
    const one = await search('驿', '--format', 'jsonl');
    expect(jsonl(one.stdout)).toHaveLength(3);
    const fuzzy = await search('警侨驿站', '--fuzzy', '--format', 'jsonl');
    expect(jsonl(fuzzy.stdout).map((r) => [r.matched, r.fuzzy])).toEqual([
      ['警僑驛站', false],
      ['警 侨 驿 站', false],
      ['警係驿站', true],
    ]);
    const table = await search('警侨驿站', '--fuzzy');
    expect(table.stdout).toContain('(fuzzy)');
  });

  it('pages with the cursor its summary line gives, neither skipping nor repeating', async () => {
    const seen: string[] = [];
    let cursorArgs: string[] = [];
    for (let page = 0; page < 5; page++) {
      const run = await search('普拉托', '--format', 'jsonl', '--limit', '1', ...cursorArgs);
      expect(run.code, run.stderr).toBe(0);
      seen.push(...jsonl(run.stdout).map((r) => r.path));
      const cursor = /more: --cursor (\S+)/.exec(run.stderr)?.[1];
      if (!cursor) break;
      cursorArgs = ['--cursor', cursor];
    }
    expect(seen).toEqual(['traditional.png', 'ocrSpaces.png', 'wrapped.png']);
    const bad = await search('普拉托', '--cursor', 'not-a-cursor');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SEARCH_CURSOR_INVALID');
  });

  it('refuses an empty query and one over 200 characters with exit code 2 and one line', async () => {
    const empty = await search('');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('termlens: input error SEARCH_QUERY_EMPTY: the search query is empty\n');
    const long = await search('字'.repeat(201));
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('SEARCH_QUERY_TOO_LONG: the search query has 201 characters; at most 200 are allowed');
    const limit = await search('站', '--limit', '0');
    expect(limit.code).not.toBe(0);
    expect(limit.stderr).toContain('expected a whole number from 1 to 1000');
  });
});
