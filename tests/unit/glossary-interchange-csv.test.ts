import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GlossaryProblem } from '../../src/domain/glossary.ts';
import { formatProblem } from '../../src/glossary/glossary-problem.ts';
import { readDelimited } from '../../src/glossary/interchange/csv-import.ts';
import { exportDelimited } from '../../src/glossary/interchange/csv-export.ts';
import { importGlossary } from '../../src/glossary/interchange/import-glossary.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { folderContents, TempDirs } from './helpers/temp-glossary.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const shown = (problems: readonly GlossaryProblem[]) => problems.map(formatProblem);

const GLOSSARY = {
  'terms.yaml': [
    '# kept as it is',
    'entries:',
    '  - id: qiaowu-bangongshi',
    '    term: 侨务办公室',
    '    variants: [侨办, 国务院侨办]  # the short forms',
    '    english: ["Overseas Chinese Affairs Office (OCAO)"]',
    '    category: institution',
    '    note: >-',
    '      The State Council office that launched the 华助中心 network in 2014;',
    '      merged into the "UFWD", in 2018.',
    '    source: [002_d9a3951b2287d1f7]',
    '',
    '  - id: pinqing',
    '    term: 聘请',
    '    english: ["hire", "contract"]',
    '    category: action',
    '    source: [002_d9a3951b2287d1f7]',
    '',
  ].join('\n'),
};

describe('CSV and TSV export', () => {
  it('writes a header row and one row per entry, simplified term first, lists joined with " | ", RFC 4180 quoting', async () => {
    const glossary = await loadGlossary(await temp.withFiles(GLOSSARY));
    const csv = exportDelimited(glossary, 'csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('zh-Hans,english,note,id,category,zh-Hant,variants,deprecated,source');
    expect(lines[1]).toBe('聘请,hire | contract,,pinqing,action,聘請,,,002_d9a3951b2287d1f7');
    expect(lines[2]).toBe(
      '侨务办公室,Overseas Chinese Affairs Office (OCAO),"The State Council office that launched the 华助中心 network in 2014; merged into the ""UFWD"", in 2018.",qiaowu-bangongshi,institution,僑務辦公室,侨办 | 国务院侨办,,002_d9a3951b2287d1f7',
    );
    expect(lines).toHaveLength(4);
    expect(exportDelimited(glossary, 'tsv').split('\r\n')[1]).toBe('聘请\thire | contract\t\tpinqing\taction\t聘請\t\t\t002_d9a3951b2287d1f7');
  });

  it('refuses a value holding the list separator instead of splitting it on the way back', async () => {
    const glossary = await loadGlossary(await temp.withFiles({ 'terms.yaml': GLOSSARY['terms.yaml'].replace('"contract"', '"contract | engage"') }));
    expect(() => exportDelimited(glossary, 'csv')).toThrow('"contract | engage" contains "|", the list separator of the CSV/TSV export');
  });
});

describe('CSV and TSV import', () => {
  it('accepts a byte order mark and Windows line ends, and reads multi-line cells', async () => {
    const csv = '\uFEFFid,zh-Hans,english,note\r\npinqing,聘请,"appoint | hire","line one\r\nline two"\r\n\r\nhuazhu-zhongxin,华助中心,Overseas Chinese Help Center,\r\n';
    const { entries, problems } = readDelimited(csv, 'bom.csv', 'csv');
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.rawId, e.line, e.fields])).toEqual([
      ['pinqing', 2, { term: '聘请', traditional: [], variants: [], deprecated: [], english: ['appoint', 'hire'], note: 'line one\nline two' }],
      ['huazhu-zhongxin', 5, { term: '华助中心', traditional: [], variants: [], deprecated: [], english: ['Overseas Chinese Help Center'] }],
    ]);
  });

  it('merges: moves a variant to deprecated, reorders renderings, and leaves the rest of the file byte for byte', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const file = path.join(await temp.make(), 'edit.csv');
    await writeFile(file, '\uFEFFzh-Hans,english,deprecated\r\n侨务办公室,,侨办\r\n聘请,contract | hire,\r\n', 'utf8');
    const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
    expect(shown(outcome.problems)).toEqual([]);
    expect(outcome.plan.changed.map((c) => [c.entry.id, c.idOrigin])).toEqual([
      ['qiaowu-bangongshi', 'term'],
      ['pinqing', 'term'],
    ]);
    expect(await readFile(path.join(dir, 'terms.yaml'), 'utf8')).toBe(
      GLOSSARY['terms.yaml']
        .replace('    variants: [侨办, 国务院侨办]  # the short forms', '    variants: [国务院侨办]  # the short forms\n    deprecated: [侨办]')
        .replace('    english: ["hire", "contract"]', '    english: ["contract", "hire"]'),
    );
  });

  it('refuses a row without a Chinese term, with its line', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const file = path.join(await temp.make(), 'bad.csv');
    await writeFile(file, 'zh-Hans,english,id\n聘请,hire,pinqing\n,Fox Hunt,liehu\n"",x,\n', 'utf8');
    const before = await folderContents(dir);
    const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
    expect(shown(outcome.problems)).toEqual([`${file}:3: row "liehu": no Chinese term (zh-Hans or zh-Hant is empty)`, `${file}:4: row 4: no Chinese term (zh-Hans or zh-Hant is empty)`]);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('refuses duplicate ids, unknown columns, ragged rows, open quotes and GBK files, each at its line', () => {
    expect(shown(readDelimited('id,zh-Hans,english\npinqing,聘请,hire\npinqing,聘用,employ\n', 'f.csv', 'csv').problems)).toEqual([]);
    expect(shown(readDelimited('zh-Hans,englsh\n聘请,hire\n', 'f.csv', 'csv').problems)).toEqual([
      'f.csv:1: unknown column "englsh" (known: zh-Hans, english, note, id, category, zh-Hant, variants, deprecated, source)',
    ]);
    expect(shown(readDelimited('zh-Hans\tenglish\n聘请\thire\n劝返\tpersuade\textra\n', 'f.tsv', 'tsv').problems)).toEqual(['f.tsv:3: row has 3 cells, the header 2']);
    expect(shown(readDelimited('zh-Hans,english\n聘请,"hire\n劝返,persuade\n', 'f.csv', 'csv').problems)).toEqual([
      expect.stringMatching(/^f\.csv:\d+: malformed CSV: Quote Not Closed/),
    ]);
  });

  it('duplicate ids are refused when merging, naming the first row', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const file = path.join(await temp.make(), 'dup.csv');
    await writeFile(file, 'id,zh-Hans,english\npinqing,聘请,hire\nqiaowu-bangongshi,侨务办公室,OCAO\npinqing,聘用,employ\n', 'utf8');
    const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
    expect(shown(outcome.problems)).toEqual([`${file}:4: duplicate id "pinqing" with a different term ("聘请" there, "聘用" here) (first at ${file}:2)`]);
  });

  it('refuses a file that is not UTF-8, at the line of the first bad byte', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const file = path.join(await temp.make(), 'gbk.csv');
    // 聘请 in GBK: C6 B8 happens to be a valid UTF-8 sequence (Ƹ), C7 EB is not.
    await writeFile(file, Buffer.concat([Buffer.from('zh-Hans,english\n'), Buffer.from([0xc6, 0xb8, 0xc7, 0xeb]), Buffer.from(',hire\n')]));
    const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
    expect(shown(outcome.problems)).toEqual([`${file}:2: the byte at offset 18 is not UTF-8 (a GBK or Big5 file?); save the file as UTF-8`]);
  });
});
