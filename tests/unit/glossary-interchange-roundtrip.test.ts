import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Glossary } from '../../src/domain/glossary.ts';
import { exportDelimited } from '../../src/glossary/interchange/csv-export.ts';
import { importGlossary } from '../../src/glossary/interchange/import-glossary.ts';
import type { InterchangeFormat } from '../../src/glossary/interchange/interchange-format.ts';
import { exportTbx } from '../../src/glossary/interchange/tbx-export.ts';
import { normaliseEntries } from '../../src/glossary/glossary-version.ts';
import { checkGlossary, loadGlossary } from '../../src/glossary/load-glossary.ts';
import { folderContents, SHIPPED_GLOSSARY, TempDirs } from './helpers/temp-glossary.ts';

/** Import → export → import must lose nothing: same entries, same version, in all three formats. */

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const FORMATS: InterchangeFormat[] = ['tbx', 'csv', 'tsv'];

function exported(glossary: Glossary, format: InterchangeFormat): string {
  return format === 'tbx' ? exportTbx(glossary) : exportDelimited(glossary, format);
}

/** Exports the glossary, imports the file into an empty folder and loads what was written. */
async function roundTrip(glossary: Glossary, format: InterchangeFormat): Promise<{ reloaded: Glossary; file: string }> {
  const work = await temp.make();
  const file = path.join(work, `glossary.${format}`);
  await writeFile(file, exported(glossary, format), 'utf8');
  const target = path.join(work, 'glossary');
  await mkdir(target);
  const outcome = await importGlossary({ glossaryDir: target, file, dryRun: false });
  expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(outcome.plan.added).toHaveLength(glossary.entries.length);
  expect(await checkGlossary(target)).toEqual([]);
  return { reloaded: await loadGlossary(target), file };
}

describe('round trip of the full shipped glossary', () => {
  let shipped: Glossary;
  beforeAll(async () => {
    shipped = await loadGlossary(SHIPPED_GLOSSARY);
  });

  for (const format of FORMATS) {
    it(`${format}: import of the export gives the same entries and the same version`, async () => {
      const { reloaded, file } = await roundTrip(shipped, format);
      expect(normaliseEntries(reloaded.entries)).toEqual(normaliseEntries(shipped.entries));
      expect(reloaded.version).toBe(shipped.version);
      expect(reloaded.forms.length).toBe(shipped.forms.length);
      // And exporting the re-imported glossary gives the same file byte for byte.
      expect(exported(reloaded, format)).toBe(await readFile(file, 'utf8'));
    });

    it(`${format}: importing the export into the glossary it came from changes nothing`, async () => {
      const dir = await temp.shippedCopy();
      const file = path.join(await temp.make(), `glossary.${format}`);
      await writeFile(file, exported(shipped, format), 'utf8');
      const before = await folderContents(dir);
      const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
      expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(outcome.plan.added).toEqual([]);
      expect(outcome.plan.changed.map((c) => c.entry.id)).toEqual([]);
      expect(outcome.plan.unchanged).toHaveLength(shipped.entries.length);
      expect(outcome.files).toEqual([]);
      expect(await folderContents(dir)).toEqual(before);
    });
  }
});

/** Values that stress each format: markup characters, quotes, separators, line breaks, statuses, odd ids. */
const TRICKY = `entries:
  - id: tianwang
    term: 天网
    variants: [天网行动]
    deprecated: [天网工程]
    english: ["Sky Net", "\\"Skynet\\" & <friends>, a; b"]
    category: programme
    note: |-
      First paragraph with <markup> & "quotes", commas, tabs	and; semicolons.

      Second paragraph.
    source: [000_2c7509e03158f8e3, "seed, with comma"]

  - id: 110-baojing
    term: 海外110
    english: ["Overseas 110"]
    category: programme
    source: [002_d9a3951b2287d1f7]

  - id: tongzhan-gongzuo
    term: 统战工作
    traditional: [統一戰綫工作]
    variants: [统一战线工作, 僑務辦]
    english: ["united front work"]
    category: concept
    note: '  leading spaces and a trailing one '
    source: [002_d9a3951b2287d1f7]
`;

describe('round trip of awkward values', () => {
  for (const format of FORMATS) {
    it(`${format}: keeps markup, quotes, separators, paragraphs, deprecated forms and ids starting with a digit`, async () => {
      const dir = await temp.withFiles({ 'terms.yaml': TRICKY });
      expect(await checkGlossary(dir)).toEqual([]);
      const glossary = await loadGlossary(dir);
      const { reloaded } = await roundTrip(glossary, format);
      expect(normaliseEntries(reloaded.entries)).toEqual(normaliseEntries(glossary.entries));
      expect(reloaded.version).toBe(glossary.version);
      expect(reloaded.entries.find((e) => e.id === 'tianwang')?.note).toBe(glossary.entries.find((e) => e.id === 'tianwang')?.note);
    });
  }
});

/**
 * Cells that a spreadsheet would run as formulas, and a real leading apostrophe: the export
 * guards them (util/csv-row.ts), the import undoes the guard, and every value comes back as it was.
 */
const FORMULA_LIKE = `entries:
  - id: tianwang
    term: 天网
    english: ["=HYPERLINK(\\"http://example.test\\",\\"Sky Net\\")", "+86 577 110", "-1 programme", "@skynet"]
    category: programme
    note: "\\t=cmd|' /C calc'!A0 after a tab"
    source: ["'s-Hertogenbosch seed", "''two apostrophes"]

  - id: haiwai-110
    term: 海外110
    english: ["\\rOverseas 110 after a carriage return", "＝full-width equals"]
    category: programme
    note: "'quoted note', with a comma"
    source: ["=1+1"]
`;

describe('round trip of cells a spreadsheet would run as formulas', () => {
  for (const format of ['csv', 'tsv'] as const) {
    it(`${format}: guards = + - @ tab CR and a leading apostrophe on export, and import gives back every value exactly`, async () => {
      const dir = await temp.withFiles({ 'terms.yaml': FORMULA_LIKE });
      expect(await checkGlossary(dir)).toEqual([]);
      const glossary = await loadGlossary(dir);
      const text = exported(glossary, format);
      const delimiter = format === 'tsv' ? '\t' : ',';
      // No cell of the file starts with a formula character: each such cell starts with the guard.
      const cells = (parse(text, { delimiter }) as string[][]).flat();
      expect(cells.filter((c) => /^[=+\-@\t\r\uFF1D]/.test(c))).toEqual([]);
      expect(text).toContain(`'=HYPERLINK`);
      expect(text).toContain(`''s-Hertogenbosch`);
      const { reloaded } = await roundTrip(glossary, format);
      const fields = (g: Glossary) =>
        g.entries.map(({ id, english, note, source }) => ({ id, english, note, source })).sort((a, b) => a.id.localeCompare(b.id));
      expect(fields(reloaded)).toEqual(fields(glossary));
      expect(reloaded.entries.find((e) => e.id === 'tianwang')?.note).toBe("\t=cmd|' /C calc'!A0 after a tab");
      expect(reloaded.entries.find((e) => e.id === 'haiwai-110')?.english[0]).toBe('\rOverseas 110 after a carriage return');
      expect(reloaded.version).toBe(glossary.version);
    });
  }
});
