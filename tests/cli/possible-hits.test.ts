import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentResultSchema, type DocumentResult } from '../../src/domain/document-result.ts';
import { codePoints, makeTempDir, outputLines, runCli } from './helpers/run-cli.ts';

/**
 * `possible` hits in the JSON contract (issue #20, point 5): `termlens tag --format jsonl` reports a
 * short term one lookalike off as a hit of kind `possible`, with offsets, a lower confidence and
 * its entry, and the table counts it apart from the hits.
 */
const TEXT = '市局负责人介绍，本次聘清三名海外联络员。';

let dir: string;
let result: DocumentResult;
let table: string;
beforeAll(async () => {
  dir = await makeTempDir('termlens-cli-possible-');
  const file = path.join(dir, 'possible.txt');
  await writeFile(file, TEXT, 'utf8');
  const [jsonl, plain] = await Promise.all([runCli(['tag', '--format', 'jsonl', file]), runCli(['tag', file])]);
  result = DocumentResultSchema.parse(JSON.parse(outputLines(jsonl.stdout)[0]!));
  table = plain.stdout;
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('tag --format jsonl', () => {
  it('reports the near miss as a possible hit on its entry, with code point offsets and a lower confidence', () => {
    const possible = result.hits.filter((h) => h.kind === 'possible');
    expect(possible).toHaveLength(1);
    const [hit] = possible;
    expect(hit).toMatchObject({ entryId: 'pinqing', term: '聘请', matched: '聘清', form: '聘请' });
    expect(codePoints(TEXT).slice(hit!.start, hit!.end).join('')).toBe('聘清');
    const others = result.hits.filter((h) => h.kind !== 'possible');
    expect(others.map((h) => h.term)).toEqual(['海外联络员']);
    expect(hit!.confidence).toBeLessThan(Math.min(...others.map((h) => h.confidence)));
  });

  it('counts possible hits apart in the table', () => {
    expect(table).toContain('1 hit, 1 possible');
  });
});
