import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebAnnotationSchema } from '../../src/domain/annotation.ts';
import {
  type DocumentResult,
  DocumentFailureSchema,
  DocumentResultSchema,
} from '../../src/domain/document-result.ts';
import {
  type CliRun,
  codePointOccurrences,
  codePoints,
  makeTempDir,
  outputLines,
  runCli,
  REPO_ROOT,
  sha256File,
  STACK_LINE,
} from './helpers/run-cli.ts';

/**
 * `termlens tag --format jsonl` on plain UTF-8 text: the project's field reports (English around
 * Chinese passages in the seeds' style, in both scripts), plus small texts for traps,
 * traditional script, line breaks and offsets.
 */

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'text');
const FIELD_REPORTS = [
  { file: path.join(FIXTURES, 'field-report-simplified.txt'), script: 'simplified', forms: { 警侨驿站: '警侨驿站', 聘请: '聘请' } },
  { file: path.join(FIXTURES, 'field-report-traditional.txt'), script: 'traditional', forms: { 警侨驿站: '警僑驛站', 聘请: '聘請' } },
] as const;

/** The README's deliberate traps (samples/README.md): text, and the term it must not be reported as. */
const TRAPS = [
  { name: 'recruitment', text: '本次招聘请于周五前报名。', term: '聘请' },
  { name: 'parcel-station', text: '小区东侧的菜鸟驿站今天休息。', term: '警侨驿站' },
  { name: 'last-year', text: '带领乡亲走出去年疫情的阴影。', term: '走出去' },
  { name: 'unite-across-lines', text: '广大华侨\n团结一心，共渡难关。', term: '侨团' },
  { name: 'head-count', text: '福清是著名侨乡，旅居海外110余万乡亲。', term: '海外110' },
  { name: 'dog-breed', text: '宠物市场猎狐犬走俏。', term: '猎狐' },
  { name: 'practical-things', text: '全年共为侨办实事12件。', term: '侨办' },
] as const;

const TRADITIONAL = '青田警僑驛站聘請了海外聯絡\n站負責人';
/** 𠮷 (U+20BB7) is two UTF-16 units: offsets in UTF-16 would be one too far per 𠮷. */
const ASTRAL = '𠮷野家的𠮷田先生是青田县警侨驿站的海外联络员。';

let dir: string;
let files: Record<string, string>;
let good: CliRun;
let mixed: CliRun;
let results: Map<string, DocumentResult>;
let mixedLines: unknown[];

beforeAll(async () => {
  dir = await makeTempDir('termlens-cli-tag-');
  const write = async (name: string, content: string | Uint8Array) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };
  files = {
    traditional: await write('traditional.txt', TRADITIONAL),
    astral: await write('astral.txt', ASTRAL),
    // GBK bytes of 这是中文: valid in GB18030, not UTF-8.
    gbk: await write('gbk.txt', Uint8Array.from([0xd5, 0xe2, 0xca, 0xc7, 0xd6, 0xd0, 0xce, 0xc4])),
    missing: path.join(dir, 'missing.txt'),
  };
  for (const trap of TRAPS) files[trap.name] = await write(`trap-${trap.name}.txt`, trap.text);

  const goodPaths = [...FIELD_REPORTS.map((r) => r.file), files.traditional!, files.astral!, ...TRAPS.map((t) => files[t.name]!)];
  [good, mixed] = await Promise.all([
    runCli(['tag', '--format', 'jsonl', ...goodPaths]),
    runCli(['tag', '--format', 'jsonl', files.gbk!, files.traditional!, files.missing!]),
  ]);
  results = new Map();
  for (const line of outputLines(good.stdout)) {
    const result = DocumentResultSchema.parse(JSON.parse(line));
    results.set(result.source.path, result);
  }
  mixedLines = outputLines(mixed.stdout).map((line) => JSON.parse(line) as unknown);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function resultOf(file: string): DocumentResult {
  const result = results.get(file);
  if (!result) throw new Error(`no result for ${file}; stderr:\n${good.stderr}`);
  return result;
}

function hitsOf(file: string, term: string) {
  return resultOf(file).hits.filter((h) => h.term === term);
}

function checkOffsetsAndAnnotations(result: DocumentResult): void {
  const chars = codePoints(result.text);
  expect(result.annotations).toHaveLength(result.hits.length);
  result.hits.forEach((hit, i) => {
    expect(chars.slice(hit.start, hit.end).join('')).toBe(hit.matched);
    expect(hit.bbox).toBeUndefined();
    const annotation = WebAnnotationSchema.parse(result.annotations[i]);
    const selectors = annotation.target.flatMap((t) => t.selector);
    expect(selectors.find((s) => s.type === 'TextQuoteSelector')).toMatchObject({ exact: hit.matched });
    expect(selectors.find((s) => s.type === 'TextPositionSelector')).toMatchObject({ start: hit.start, end: hit.end });
    // Plain text has no image, so no image region.
    expect(selectors.find((s) => s.type === 'FragmentSelector')).toBeUndefined();
  });
}

describe('tag on text files that can be read', () => {
  it('exits 0, prints one result per file, and no stack trace', () => {
    expect(good.code, good.stderr).toBe(0);
    expect(outputLines(good.stdout)).toHaveLength(FIELD_REPORTS.length + 2 + TRAPS.length);
    expect(good.stderr).not.toMatch(STACK_LINE);
  });
});

describe.each(FIELD_REPORTS)('the field report $file', (report) => {
  it('keeps the file as it is: text, sha256, byte count and script', async () => {
    const bytes = await readFile(report.file);
    const result = resultOf(report.file);
    expect(result.text).toBe(bytes.toString('utf8'));
    expect(result.source.sha256).toBe(await sha256File(report.file));
    expect(result.source.bytes).toBe(bytes.length);
    expect(result.script).toBe(report.script);
  });

  it.each(Object.entries(report.forms))('finds every written-out %s, at its code point offset', async (term, form) => {
    const text = await readFile(report.file, 'utf8');
    // 招聘请 holds 聘请's characters but not the word; every other occurrence is a hit.
    const offsets = codePointOccurrences(text, form).filter((at) => !codePointOccurrences(text, `招${form}`).includes(at - 1));
    expect(offsets.length).toBeGreaterThan(1);
    const exact = hitsOf(report.file, term).filter((h) => h.matched === form);
    expect(exact.map((h) => h.start).sort((a, b) => a - b)).toEqual(offsets);
    for (const hit of exact) expect(hit.end).toBe(hit.start + codePoints(form).length);
  });

  it('finds the OCR-spaced and the line-wrapped terms too', () => {
    expect(hitsOf(report.file, '警侨驿站').filter((h) => h.matched.includes(' '))).toHaveLength(1);
    expect(hitsOf(report.file, '海外联络站').map((h) => h.matched)).toEqual([expect.stringContaining('\n')]);
  });

  it('gives every hit offsets onto its matched text and a matching annotation', () => {
    checkOffsetsAndAnnotations(resultOf(report.file));
  });
});

describe('traps', () => {
  it.each(TRAPS.map((t) => [t.text.replace('\n', '⏎'), t] as const))('reports no false hit in %s', (_shown, trap) => {
    const hits = hitsOf(files[trap.name]!, trap.term);
    expect(hits.map((h) => `${h.term} "${h.matched}" ${h.start}-${h.end} ${h.kind}`)).toEqual([]);
  });
});

describe('traditional text with a term across a line break', () => {
  it('reports simplified terms with the traditional text as matched', () => {
    const result = resultOf(files.traditional!);
    expect(result.script).toBe('traditional');
    expect(result.text).toBe(TRADITIONAL);
    expect(hitsOf(files.traditional!, '警侨驿站').map((h) => [h.matched, h.start, h.end])).toEqual([['警僑驛站', 2, 6]]);
    expect(hitsOf(files.traditional!, '聘请').map((h) => [h.matched, h.start, h.end])).toEqual([['聘請', 6, 8]]);
    expect(hitsOf(files.traditional!, '海外联络站').map((h) => [h.matched, h.start, h.end])).toEqual([
      ['海外聯絡\n站', 9, 15],
    ]);
    checkOffsetsAndAnnotations(result);
  });
});

describe('a character outside the BMP before the terms', () => {
  it('counts offsets in code points, not UTF-16 units', () => {
    const result = resultOf(files.astral!);
    const expected = (term: string) => codePointOccurrences(ASTRAL, term);
    expect(expected('警侨驿站')).toEqual([12]);
    expect(hitsOf(files.astral!, '警侨驿站').map((h) => [h.start, h.end])).toEqual([[12, 16]]);
    expect(hitsOf(files.astral!, '海外联络员').map((h) => [h.start, h.end])).toEqual([[17, 22]]);
    checkOffsetsAndAnnotations(result);
  });
});

describe('tag on files that cannot be read', () => {
  it('exits 1 and prints an error object per bad file, in input order, going on after it', () => {
    expect(mixed.code, mixed.stderr).toBe(1);
    expect(mixed.stderr).not.toMatch(STACK_LINE);
    expect(mixedLines).toHaveLength(3);
    const gbk = DocumentFailureSchema.parse(mixedLines[0]);
    expect(gbk.source.path).toBe(files.gbk);
    expect(gbk.error.code).toBe('TEXT_NOT_UTF8');
    expect(gbk.error.message).toContain(files.gbk);
    expect(DocumentResultSchema.parse(mixedLines[1]).source.path).toBe(files.traditional);
    const missing = DocumentFailureSchema.parse(mixedLines[2]);
    expect(missing.source.path).toBe(files.missing);
    expect(missing.error.code).toBe('FILE_NOT_FOUND');
    expect(missing.error.message).toContain(files.missing);
  });
});
