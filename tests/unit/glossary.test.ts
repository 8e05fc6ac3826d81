import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Glossary, GlossaryProblem } from '../../src/domain/glossary.ts';
import { ConfigError } from '../../src/errors.ts';
import { formatProblem } from '../../src/glossary/glossary-problem.ts';
import { checkGlossary, loadGlossary } from '../../src/glossary/load-glossary.ts';

const SHIPPED_DIR = path.resolve(import.meta.dirname, '..', '..', 'glossary');

const REQUIRED_TERMS = [
  '警侨驿站', '聘请', '劝返', '猎狐', '天网', '警侨联动', '警侨之家', '海外联络员', '海外联络点', '海外联络站',
  '侨领', '侨团', '统战部', '授牌', '海外110', '追逃追赃', '维稳', '中央纪委', '走出去', '以侨治侨',
];

const tempDirs: string[] = [];

async function glossaryDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-glossary-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text, 'utf8');
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Problems as the user sees them, with the temp folder replaced so expectations stay readable. */
function shown(problems: GlossaryProblem[], dir: string): string[] {
  return problems.map((p) => formatProblem(p).replace(`${dir}${path.sep}`, ''));
}

describe('shipped glossary', () => {
  let glossary: Glossary;

  beforeAll(async () => {
    glossary = await loadGlossary(SHIPPED_DIR);
  });

  it('has no problems, not even warnings', async () => {
    expect((await checkGlossary(SHIPPED_DIR)).map(formatProblem)).toEqual([]);
  });

  it('has enough entries, each with a unique id', () => {
    expect(glossary.entries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(glossary.entries.map((e) => e.id)).size).toBe(glossary.entries.length);
  });

  it('has every required term as a term or a variant', () => {
    const claimed = new Set(glossary.entries.flatMap((e) => [e.term, ...e.variants]));
    expect(REQUIRED_TERMS.filter((term) => !claimed.has(term))).toEqual([]);
  });

  it('completes traditional forms with opencc', () => {
    const byTerm = new Map(glossary.entries.map((e) => [e.term, e]));
    expect(byTerm.get('警侨驿站')?.traditional).toContain('警僑驛站');
    expect(byTerm.get('聘请')?.traditional).toContain('聘請');
    expect(byTerm.get('天网')?.traditional).toContain('天網');
    // Written by hand because opencc writes 線: both forms are kept.
    expect(byTerm.get('统一战线')?.traditional).toEqual(expect.arrayContaining(['統一戰綫', '統一戰線']));
    expect(glossary.forms).toContainEqual({ form: '警僑驛站', entryId: 'jingqiao-yizhan', kind: 'traditional', simplified: '警侨驿站' });
    expect(glossary.forms).toContainEqual({ form: '聘請', entryId: 'pinqing', kind: 'traditional', simplified: '聘请' });
  });

  it('lists each form once per entry, canonical first, with its simplified fold', () => {
    for (const entry of glossary.entries) {
      const forms = glossary.forms.filter((f) => f.entryId === entry.id);
      expect(forms[0]).toEqual({ form: entry.term, entryId: entry.id, kind: 'canonical', simplified: entry.term });
      expect(new Set(forms.map((f) => f.form)).size).toBe(forms.length);
    }
    const variant = glossary.forms.find((f) => f.form === '侨办');
    expect(variant).toMatchObject({ entryId: 'qiaowu-bangongshi', kind: 'variant', simplified: '侨办' });
    // Traditional forms of variants are variants too, so traditional pages match them.
    expect(glossary.forms.find((f) => f.form === '僑辦')).toMatchObject({ entryId: 'qiaowu-bangongshi', kind: 'variant', simplified: '侨办' });
  });

  it('never gives two entries the same form or the same simplified fold', () => {
    const owner = new Map<string, string>();
    for (const form of glossary.forms) {
      for (const key of [`form:${form.form}`, `fold:${form.simplified}`]) {
        const first = owner.get(key);
        if (first !== undefined) expect(`${key} ${first}`).toBe(`${key} ${form.entryId}`);
        owner.set(key, form.entryId);
      }
    }
  });

  it('has a sha256 version', () => {
    expect(glossary.version).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('glossary version', () => {
  let shippedText: string;
  let shippedVersion: string;

  beforeAll(async () => {
    shippedText = await readFile(path.join(SHIPPED_DIR, 'terms.yaml'), 'utf8');
    shippedVersion = (await loadGlossary(SHIPPED_DIR)).version;
  });

  function rewritten(edit: (entries: Record<string, unknown>[]) => void): string {
    const data = parseDocument(shippedText).toJS() as { entries: Record<string, unknown>[] };
    edit(data.entries);
    // JSON is valid YAML: a completely different layout from the hand-written file.
    return JSON.stringify(data, null, 1);
  }

  it('does not change when entries are reordered and the YAML is reformatted', async () => {
    const reordered = rewritten((entries) => {
      entries.reverse();
      for (const entry of entries) if (Array.isArray(entry.variants)) entry.variants.reverse();
    });
    const dir = await glossaryDir({ 'terms.yaml': reordered });
    expect((await loadGlossary(dir)).version).toBe(shippedVersion);
  });

  it('does not change when entries are split across files', async () => {
    const data = parseDocument(shippedText).toJS() as { entries: unknown[] };
    const half = Math.floor(data.entries.length / 2);
    const dir = await glossaryDir({
      'a.yaml': JSON.stringify({ entries: data.entries.slice(half) }),
      'b.yml': JSON.stringify({ entries: data.entries.slice(0, half) }),
    });
    expect((await loadGlossary(dir)).version).toBe(shippedVersion);
  });

  it('changes when an English rendering changes', async () => {
    const changed = rewritten((entries) => {
      const entry = entries.find((e) => e.id === 'pinqing');
      if (!entry) throw new Error('pinqing missing from the shipped glossary');
      entry.english = ['appoint', 'hire', 'contract', 'engage'];
    });
    const dir = await glossaryDir({ 'terms.yaml': changed });
    expect((await loadGlossary(dir)).version).not.toBe(shippedVersion);
  });
});

describe('broken glossaries', () => {
  const valid = (id: string, term: string, extra = ''): string =>
    `  - id: ${id}\n    term: ${term}\n${extra}    english: [x]\n    category: concept\n    source: [seed]\n`;

  it('reports YAML syntax errors at their line', async () => {
    const dir = await glossaryDir({
      'bad.yaml': ['entries:', '  - id: tianwang', '    term: 天网', '   english: [Sky Net]', '    category: programme', ''].join('\n'),
    });
    const problems = await checkGlossary(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(shown(problems, dir)[0]).toBe('bad.yaml:4: Sequence item without - indicator');
    expect(problems.every((p) => p.severity === 'error' && p.file === path.join(dir, 'bad.yaml'))).toBe(true);
  });

  it('reports duplicate keys at the repeated key', async () => {
    const dir = await glossaryDir({
      'dup-key.yaml': ['entries:', '  - id: tianwang', '    term: 天网', '    term: 天网', '    english: [Sky Net]', ''].join('\n'),
    });
    expect(shown(await checkGlossary(dir), dir)).toEqual(['dup-key.yaml:4: Map keys must be unique']);
  });

  it('reports a missing English rendering at the entry, and bad fields at their own line', async () => {
    const dir = await glossaryDir({
      'schema.yaml': [
        'entries:',
        valid('tianwang', '天网').trimEnd(),
        '  - id: liehu', // 7
        '    term: 猎狐',
        '    category: police', // 9
        '    englsh: [Fox Hunt]', // 10
        '    source:', // 11
        '      - 002_d9a3951b2287d1f7',
        '      - ""', // 13
        '',
      ].join('\n'),
    });
    expect(shown(await checkGlossary(dir), dir)).toEqual([
      'schema.yaml:7: entry "liehu": english: required field is missing',
      'schema.yaml:9: entry "liehu": category: invalid option: expected one of "institution"|"programme"|"role"|"action"|"place"|"slogan"|"organisation"|"concept"',
      'schema.yaml:10: entry "liehu": unknown field "englsh"',
      'schema.yaml:13: entry "liehu": source[1]: too small: expected string to have >=1 characters',
    ]);
  });

  it('reports a duplicate id at the second entry, naming the first', async () => {
    const dir = await glossaryDir({
      'a.yaml': `entries:\n${valid('tianwang', '天网')}`,
      'b.yaml': `entries:\n${valid('liehu', '猎狐')}${valid('tianwang', '天网行动')}`,
    });
    const a = path.join(dir, 'a.yaml');
    expect(shown(await checkGlossary(dir), dir)).toEqual([`b.yaml:7: duplicate id "tianwang" (first defined at ${a}:2)`]);
  });

  it('reports a form claimed by two entries, exactly or once folded to simplified', async () => {
    const dir = await glossaryDir({
      'forms.yaml': [
        'entries:',
        valid('tianwang', '天网').trimEnd(), // 2-6
        valid('united-front', '统一战线').trimEnd(), // 7-11
        '  - id: skynet-op', // 12
        '    term: 天网行动',
        '    variants:',
        '      - 天网', // 15
        '      - 統一戰綫', // 16
        '    english: [x]',
        '    category: programme',
        '    source: [seed]',
        '',
      ].join('\n'),
    });
    const file = path.join(dir, 'forms.yaml');
    expect(shown(await checkGlossary(dir), dir)).toEqual([
      `forms.yaml:15: entry "skynet-op": "天网" is already claimed by entry "tianwang" (${file}:3)`,
      `forms.yaml:16: entry "skynet-op": "統一戰綫" folds to "统一战线", which entry "united-front" already claims as "统一战线" (${file}:8)`,
    ]);
  });

  it('reports terms shorter than two Han characters', async () => {
    const dir = await glossaryDir({ 'short.yaml': `entries:\n${valid('qiao', '侨')}` });
    expect(shown(await checkGlossary(dir), dir)).toEqual([
      'short.yaml:3: entry "qiao": term "侨" has fewer than 2 Han characters and would match inside unrelated words',
    ]);
  });

  it('warns about a hand-written traditional form that folds to neither the term nor a variant, and still loads', async () => {
    const dir = await glossaryDir({
      'trad.yaml': `entries:\n${valid('tianwang', '天网', '    traditional: [天綱]\n')}`,
    });
    const problems = await checkGlossary(dir);
    expect(shown(problems, dir)).toEqual([
      'trad.yaml:4: warning: entry "tianwang": traditional form "天綱" folds to "天纲", which is neither the term "天网" nor a variant',
    ]);
    expect(problems[0]?.severity).toBe('warning');
    expect((await loadGlossary(dir)).entries[0]?.traditional).toEqual(['天綱', '天網']);
  });

  it('refuses to load a glossary with errors, listing every problem', async () => {
    const dir = await glossaryDir({
      'a.yaml': `entries:\n${valid('tianwang', '天网')}${valid('tianwang', '猎狐')}`,
      'b.yaml': 'entries: [',
    });
    const error = await loadGlossary(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.code).toBe('GLOSSARY_INVALID');
    expect(configError.kind).toBe('config');
    expect(configError.message).toContain(`${path.join(dir, 'a.yaml')}:7: duplicate id "tianwang"`);
    expect(configError.message).toContain(`${path.join(dir, 'b.yaml')}:1: `);
  });

  it('reports a folder without glossary files, and one that does not exist', async () => {
    const empty = await glossaryDir({ 'notes.txt': 'not a glossary' });
    expect((await checkGlossary(empty)).map(formatProblem)).toEqual([`${empty}: no *.yaml glossary files in this folder`]);
    const missing = path.join(empty, 'nope');
    expect((await checkGlossary(missing)).map(formatProblem)).toEqual([`${missing}: cannot read glossary folder: ENOENT`]);
  });

  it('shows paths inside the working directory relative to it, others in full', async () => {
    const artifacts = path.resolve('test-artifacts');
    await mkdir(artifacts, { recursive: true });
    const inside = await mkdtemp(path.join(artifacts, 'glossary-'));
    tempDirs.push(inside);
    await writeFile(path.join(inside, 'x.yaml'), 'entries: [', 'utf8');
    const [insideProblem] = await checkGlossary(inside);
    expect(insideProblem?.file).toBe(path.relative(process.cwd(), path.join(inside, 'x.yaml')));

    const outside = await glossaryDir({ 'x.yaml': 'entries: [' });
    const [outsideProblem] = await checkGlossary(outside);
    expect(outsideProblem?.file).toBe(path.join(outside, 'x.yaml'));
  });
});
