import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GlossaryEntry } from '../../src/domain/glossary.ts';
import { editGlossaryEntry } from '../../src/glossary/edit/edit-entry.ts';
import { exportDelimited } from '../../src/glossary/interchange/csv-export.ts';
import { importGlossary } from '../../src/glossary/interchange/import-glossary.ts';
import { folderContents, TempDirs } from './helpers/temp-glossary.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const GLOSSARY = {
  'terms.yaml': [
    '# kept as it is',
    'entries:',
    '  - id: qiaowu-bangongshi',
    '    term: 侨务办公室',
    '    variants: [侨办, 国务院侨办]  # the short forms',
    '    english: ["Overseas Chinese Affairs Office (OCAO)"]',
    '    category: institution',
    '    note: The State Council office that launched the 华助中心 network in 2014.',
    '    source: [002_d9a3951b2287d1f7]',
    '',
    '  - id: pinqing',
    '    term: 聘请',
    '    english: ["hire", "contract"]',
    '    category: action',
    '    note: Can mean hired, contracted or appointed.',
    '    source: [002_d9a3951b2287d1f7]',
    '',
  ].join('\n'),
};

const NEW_ENTRY: GlossaryEntry = {
  id: 'jingwu-zhan',
  term: '警务站',
  traditional: [],
  variants: ['警務站點'],
  english: ['police post'],
  category: 'institution',
  note: 'Added in a test.',
  source: ['002_d9a3951b2287d1f7'],
};

/** What the editor used to do: write the entry as a one-row CSV and import that file. */
async function importedAsCsv(entry: GlossaryEntry): Promise<Record<string, string>> {
  const dir = await temp.withFiles(GLOSSARY);
  const scratch = await temp.make('termlens-edit-scratch-');
  const file = path.join(scratch, 'edit.csv');
  await writeFile(file, exportDelimited({ entries: [entry] }, 'csv'));
  const outcome = await importGlossary({ glossaryDir: dir, file, format: 'csv', dryRun: false });
  expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return folderContents(dir);
}

describe('editing one glossary entry in memory', () => {
  it('adds a new entry to imported.yaml, as the import of the same entry as a CSV row does', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const edit = await editGlossaryEntry(dir, NEW_ENTRY);
    expect(edit.problems).toEqual([]);
    expect(edit.outcome.plan.added.map((p) => p.entry.id)).toEqual(['jingwu-zhan']);
    expect(await readFile(path.join(dir, 'imported.yaml'), 'utf8')).toContain('jingwu-zhan');
    expect(await folderContents(dir)).toEqual(await importedAsCsv(NEW_ENTRY));
  });

  it('merges a change as the import does: trimmed values, an empty note keeps the note, nothing dropped', async () => {
    const change: GlossaryEntry = {
      id: 'pinqing',
      term: '聘请',
      traditional: [],
      variants: ['聘任'],
      english: ['  hire (edited) '],
      category: 'action',
      source: ['002_d9a3951b2287d1f7'],
    };
    const dir = await temp.withFiles(GLOSSARY);
    const edit = await editGlossaryEntry(dir, change);
    expect(edit.problems).toEqual([]);
    const [changed] = edit.outcome.plan.changed;
    expect(changed?.entry).toMatchObject({
      english: ['hire (edited)', 'hire', 'contract'],
      variants: ['聘任'],
      note: 'Can mean hired, contracted or appointed.',
    });
    expect(await folderContents(dir)).toEqual(await importedAsCsv(change));
  });

  it('changes nothing when the glossary already says it all', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const before = await folderContents(dir);
    const edit = await editGlossaryEntry(dir, {
      id: 'pinqing',
      term: '聘请',
      traditional: [],
      variants: [],
      english: ['hire', 'contract'],
      category: 'action',
      source: ['002_d9a3951b2287d1f7'],
    });
    expect(edit.problems).toEqual([]);
    expect(edit.outcome.files).toEqual([]);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('refuses, unwritten, a new entry whose term is already a form of another entry', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const before = await folderContents(dir);
    const edit = await editGlossaryEntry(dir, { ...NEW_ENTRY, id: 'qiaoban-two', term: '侨办', variants: [] });
    expect(edit.problems).toEqual([
      { file: 'entry', severity: 'error', message: '"侨办" is already a form of entry "qiaowu-bangongshi"; edit that entry instead' },
    ]);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('refuses a value holding the list separator "|" before reading anything', async () => {
    const dir = await temp.withFiles(GLOSSARY);
    const before = await folderContents(dir);
    await expect(editGlossaryEntry(dir, { ...NEW_ENTRY, english: ['police | post'] })).rejects.toThrow(RangeError);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('names the entry, not a file or a line, in its problems', async () => {
    const dir = await temp.withFiles({ 'terms.yaml': 'entries:\n  - id: broken\n' });
    const edit = await editGlossaryEntry(dir, NEW_ENTRY);
    expect(edit.problems.length).toBeGreaterThan(0);
    expect(edit.problems.every((p) => p.file === 'entry' && p.line === undefined)).toBe(true);
    expect(edit.problems.some((p) => p.severity === 'error')).toBe(true);
  });
});
