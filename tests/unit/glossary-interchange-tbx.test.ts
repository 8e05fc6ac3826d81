import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Glossary, GlossaryProblem } from '../../src/domain/glossary.ts';
import { formatProblem } from '../../src/glossary/glossary-problem.ts';
import { importGlossary } from '../../src/glossary/interchange/import-glossary.ts';
import { exportTbx } from '../../src/glossary/interchange/tbx-export.ts';
import { readTbx } from '../../src/glossary/interchange/tbx-import.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { tbxBasicViolations } from './helpers/tbx-basic-rules.ts';
import { folderContents, lineContaining, SHIPPED_GLOSSARY, TempDirs } from './helpers/temp-glossary.ts';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'tbx', 'memoq-export.tbx');
const temp = new TempDirs();
afterAll(() => temp.removeAll());

const errorsOf = (problems: readonly GlossaryProblem[]) => problems.filter((p) => p.severity === 'error').map(formatProblem);

describe('TBX-Basic export of the shipped glossary', () => {
  let glossary: Glossary;
  let xml: string;
  beforeAll(async () => {
    glossary = await loadGlossary(SHIPPED_GLOSSARY);
    xml = exportTbx(glossary);
  });

  it('passes the TBX-Basic structure rules: root, header, body, ids, BCP 47 tags, one term per termSec, picklists', () => {
    expect(tbxBasicViolations(xml)).toEqual([]);
  });

  it('has one conceptEntry per entry, with langSecs zh-Hans, zh-Hant and en', () => {
    const concepts = [...xml.matchAll(/<conceptEntry id="([^"]+)">([\s\S]*?)<\/conceptEntry>/g)];
    expect(concepts.map((m) => m[1]).sort()).toEqual(glossary.entries.map((e) => e.id).sort());
    for (const [, , body] of concepts) {
      expect([...body!.matchAll(/<langSec xml:lang="([^"]+)">/g)].map((m) => m[1])).toEqual(['zh-Hans', 'zh-Hant', 'en']);
    }
  });

  it('marks the term preferred, variants admitted, and names part of speech, category and sources', () => {
    const pinqing = /<conceptEntry id="pinqing">[\s\S]*?<\/conceptEntry>/.exec(xml)![0];
    expect(pinqing).toContain('<descrip type="subjectField">action</descrip>');
    expect(pinqing).toContain('<admin type="source">002_d9a3951b2287d1f7</admin>');
    expect(pinqing).toMatch(/<term>聘请<\/term>\s*<termNote type="partOfSpeech">verb<\/termNote>\s*<termNote type="administrativeStatus">preferredTerm-admn-sts<\/termNote>/);
    expect(pinqing).toMatch(/<term>聘請<\/term>[\s\S]*?preferredTerm-admn-sts/);
    expect(pinqing).toMatch(/<term>contract<\/term>[\s\S]*?admittedTerm-admn-sts/);
    const office = /<conceptEntry id="qiaowu-bangongshi">[\s\S]*?<\/conceptEntry>/.exec(xml)![0];
    expect(office).toMatch(/<term>侨办<\/term>[\s\S]*?admittedTerm-admn-sts/);
  });

  it('escapes markup and writes deprecated forms as deprecatedTerm-admn-sts', async () => {
    const dir = await temp.withFiles({
      'terms.yaml': [
        'entries:',
        '  - id: tianwang',
        '    term: 天网',
        '    deprecated: [天网工程]',
        '    english: ["Sky <Net> & \\"friends\\""]',
        '    category: programme',
        '    note: a < b & c > d',
        '    source: [seed]',
        '',
      ].join('\n'),
    });
    const out = exportTbx(await loadGlossary(dir));
    expect(tbxBasicViolations(out)).toEqual([]);
    expect(out).toContain('<term>Sky &lt;Net&gt; &amp; "friends"</term>');
    expect(out).toContain('<note>a &lt; b &amp; c &gt; d</note>');
    expect(out).toMatch(/<term>天网工程<\/term>[\s\S]*?deprecatedTerm-admn-sts/);
    expect(out).toMatch(/<term>天網工程<\/term>[\s\S]*?deprecatedTerm-admn-sts/);
  });

  it('the rules catch what they claim to catch', () => {
    const broken = xml
      .replace('<conceptEntry id="pinqing">', '<conceptEntry id="liehu">')
      .replace('<langSec xml:lang="zh-Hant">', '<langSec xml:lang="zh_TW">')
      .replace('<term>聘请</term>', '<term>聘请</term><term>聘用</term>');
    expect(tbxBasicViolations(broken)).toEqual(
      expect.arrayContaining([
        'conceptEntry liehu: id is not unique',
        expect.stringMatching(/langSec zh_TW: xml:lang must be a BCP 47 tag/),
        expect.stringMatching(/termSec must hold exactly one term, holds 2/),
      ]),
    );
  });
});

describe('import of a memoQ-style TBX', () => {
  let text: string;
  beforeAll(async () => {
    text = await readFile(FIXTURE, 'utf8');
  });

  it('maps zh-CN to zh-Hans and zh-TW to zh-Hant, drops the traditional forms opencc derives, and keeps statuses', () => {
    const { entries, problems } = readTbx(text, 'memoq.tbx');
    expect(errorsOf(problems)).toEqual([]);
    expect(entries.map((e) => e.fields)).toEqual([
      { term: '聘请', traditional: [], variants: ['聘用'], deprecated: ['雇佣'], english: ['hire'] },
      {
        term: '驻外警务联络官',
        traditional: [],
        variants: [],
        deprecated: [],
        english: ['police liaison officer posted abroad'],
        category: 'role',
        note: 'A police officer posted abroad to work with host-country police & diaspora groups.',
        source: ['002_d9a3951b2287d1f7'],
      },
      { term: '跨境镇压', traditional: [], variants: [], deprecated: [], english: ['transnational repression'], category: 'Law enforcement' },
      { term: '海外维权', traditional: [], variants: [], deprecated: [], english: ['overseas rights protection'], category: 'concept' },
    ]);
    // Lines point at the elements: the deprecated term, the concept.
    expect(entries[0]!.lineOf('deprecated', '雇佣')).toBe(lineContaining(text, '<term>雇佣</term>'));
    expect(entries[2]!.line).toBe(lineContaining(text, '<conceptEntry id="3">'));
    const shown = problems.map(formatProblem);
    expect(shown).toContain(`memoq.tbx:${lineContaining(text, '<term>employ</term>')}: warning: concept "1": deprecated English term "employ" is left out: termlens keeps only renderings to use`);
    expect(shown).toContain(`memoq.tbx:${lineContaining(text, '<term>跨境鎮壓</term>')}: warning: concept "3": no simplified term; "跨境镇压" converted by opencc from "跨境鎮壓"`);
    expect(shown).toContain(`memoq.tbx:${lineContaining(text, '<langSec xml:lang="de-DE">')}: warning: concept "4": language "de-DE" is not one termlens keeps (zh-Hans, zh-Hant, en); its terms are left out`);
  });

  it('merges into a copy of the glossary: 聘请 keeps its id and gains a variant and a deprecated form; new concepts get ids from their English', async () => {
    const dir = await temp.shippedCopy();
    const outcome = await importGlossary({ glossaryDir: dir, file: FIXTURE, dryRun: false });
    expect(errorsOf(outcome.problems)).toEqual([]);
    expect(outcome.plan.changed.map((c) => [c.entry.id, c.idOrigin, c.fields])).toEqual([
      [
        'pinqing',
        'term',
        [
          { field: 'variants', kind: 'set', added: ['聘用'], removed: [] },
          { field: 'deprecated', kind: 'set', added: ['雇佣'], removed: [] },
        ],
      ],
    ]);
    expect(outcome.plan.added.map((a) => [a.entry.id, a.entry.category, a.entry.source])).toEqual([
      ['police-liaison-officer-posted-abroad', 'role', ['002_d9a3951b2287d1f7']],
      ['transnational-repression', 'concept', ['memoq-export']],
      ['overseas-rights-protection', 'concept', ['memoq-export']],
    ]);
    const after = await loadGlossary(dir);
    expect(after.version).toBe(outcome.versionAfter);
    const pinqing = after.entries.find((e) => e.id === 'pinqing')!;
    expect(pinqing.deprecated).toEqual(['雇佣']);
    expect(after.forms).toContainEqual({ form: '僱傭', entryId: 'pinqing', kind: 'variant', simplified: '雇佣', status: 'deprecated' });

    // Only the changed entry's lines differ in terms.yaml; new entries are in imported.yaml.
    const original = (await readFile(path.join(SHIPPED_GLOSSARY, 'terms.yaml'), 'utf8')).split('\n');
    const edited = (await readFile(path.join(dir, 'terms.yaml'), 'utf8')).split('\n');
    expect(edited.filter((line) => !original.includes(line))).toEqual(['    variants: [聘用]', '    deprecated: [雇佣]']);
    expect(edited.length).toBe(original.length + 2);
    expect(await readFile(path.join(dir, 'imported.yaml'), 'utf8')).toContain('  - id: transnational-repression\n    term: 跨境镇压\n');

    // Same file again: same ids, nothing to do.
    const again = await importGlossary({ glossaryDir: dir, file: FIXTURE, dryRun: false });
    expect(again.plan.added).toEqual([]);
    expect(again.plan.changed).toEqual([]);
    expect(again.plan.unchanged.map((u) => u.entry.id).sort()).toEqual(['overseas-rights-protection', 'pinqing', 'police-liaison-officer-posted-abroad', 'transnational-repression']);
    expect(again.files).toEqual([]);
  });

  it('changes nothing on disk on a dry run', async () => {
    const dir = await temp.shippedCopy();
    const before = await folderContents(dir);
    const outcome = await importGlossary({ glossaryDir: dir, file: FIXTURE, dryRun: true });
    expect(outcome.plan.added).toHaveLength(3);
    expect(outcome.files.map((f) => path.basename(f)).sort()).toEqual(['imported.yaml', 'terms.yaml']);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('reads TBX 2 (martif, termEntry, langSet, tig and ntig)', () => {
    const martif = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">',
      '<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>',
      '<text><body>',
      '<termEntry id="liehu"><descrip type="subjectField">programme</descrip>',
      '<langSet xml:lang="ZH-CN"><tig><term>猎狐</term><termNote type="normativeAuthorization">preferredTerm-admn-sts</termNote></tig>',
      '<ntig><termGrp><term>猎狐行动</term></termGrp></ntig></langSet>',
      '<langSet xml:lang="en"><tig><term>Fox Hunt</term></tig></langSet>',
      '</termEntry></body></text></martif>',
    ].join('\n');
    const { entries, problems } = readTbx(martif, 'v2.tbx');
    expect(errorsOf(problems)).toEqual([]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ rawId: 'liehu', line: 5, fields: { term: '猎狐', variants: ['猎狐行动'], english: ['Fox Hunt'], category: 'programme' } });
  });
});

/** A small TBX with one concept per line group; `lines` puts each element on a known line. */
function tbx(...conceptLines: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>', // 1
    '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">', // 2
    '<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>', // 3
    '<text><body>', // 4
    ...conceptLines, // from 5
    '</body></text></tbx>',
    '',
  ].join('\n');
}

const concept = (id: string, zh: string, en = 'x') =>
  `<conceptEntry id="${id}"><descrip type="subjectField">concept</descrip><admin type="source">seed</admin><langSec xml:lang="zh-Hans"><termSec><term>${zh}</term></termSec></langSec><langSec xml:lang="en"><termSec><term>${en}</term></termSec></langSec></conceptEntry>`;

describe('TBX that must be refused, with the line of the offending element', () => {
  async function importText(text: string, glossaryFiles: Record<string, string> = {}): Promise<{ shown: string[]; dir: string; unchanged: boolean }> {
    const dir = await temp.withFiles(glossaryFiles);
    const file = path.join(await temp.make(), 'in.tbx');
    await writeFile(file, text, 'utf8');
    const before = await folderContents(dir);
    const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
    const shown = errorsOf(outcome.problems).map((p) => p.replaceAll(`${file}:`, 'in.tbx:'));
    return { shown, dir, unchanged: JSON.stringify(await folderContents(dir)) === JSON.stringify(before) };
  }

  it('malformed XML: the validator\'s line', async () => {
    const text = tbx(concept('a-b', '天网'), '<conceptEntry id="c"><langSec xml:lang="zh-Hans"><termSec><term>猎狐</termSec></langSec></conceptEntry>');
    const { shown, unchanged } = await importText(text);
    expect(shown).toEqual([expect.stringMatching(/^in\.tbx:6: malformed XML: Expected closing tag 'term' .*instead of closing tag 'termSec'/)]);
    expect(unchanged).toBe(true);
  });

  it('an undefined entity or a bare &, and entity declarations', async () => {
    expect((await importText(tbx(concept('a', '天网', 'Sky &nbsp;Net')))).shown).toEqual([
      'in.tbx:5: malformed XML: undefined entity or bare "&" (&nbsp;); write &amp; for a literal &',
    ]);
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY lol "lol">\n]>\n<tbx/>`;
    expect((await importText(laughs)).shown).toEqual(['in.tbx:3: malformed XML: entity declarations are not accepted in a glossary file']);
  });

  it('an entry without a Chinese term, or with only deprecated ones', async () => {
    const text = tbx(
      concept('tianwang', '天网'),
      '<conceptEntry id="fox-hunt">', // 6
      '<langSec xml:lang="en"><termSec><term>Fox Hunt</term></termSec></langSec>',
      '</conceptEntry>',
      '<conceptEntry id="old">', // 9
      '<langSec xml:lang="zh-CN"><termSec><term>旧称</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>',
      '</conceptEntry>',
    );
    expect((await importText(text)).shown).toEqual([
      'in.tbx:6: concept "fox-hunt": has no Chinese term (langSec zh-Hans/zh-CN or zh-Hant/zh-TW with a preferred or admitted term)',
      'in.tbx:9: concept "old": has only deprecated Chinese terms (langSec zh-Hans/zh-CN or zh-Hant/zh-TW with a preferred or admitted term)',
    ]);
  });

  it('duplicate ids, naming the first and saying when the terms differ', async () => {
    const text = tbx(concept('tianwang', '天网'), concept('liehu', '猎狐'), concept('tianwang', '天网行动'), concept('liehu', '猎狐'));
    expect((await importText(text)).shown).toEqual([
      'in.tbx:7: duplicate id "tianwang" with a different term ("天网" there, "天网行动" here) (first at in.tbx:5)',
      'in.tbx:8: duplicate id "liehu" (first at in.tbx:6)',
    ]);
  });

  it('a form claimed by two entries, in the file or against the glossary', async () => {
    const glossary = {
      'terms.yaml': 'entries:\n  - id: liehu\n    term: 猎狐\n    english: [Fox Hunt]\n    category: programme\n    source: [seed]\n',
    };
    const text = tbx(
      concept('tianwang', '天网'), // 5
      '<conceptEntry id="skynet-op"><langSec xml:lang="zh-Hans">', // 6
      '<termSec><term>天网行动</term></termSec>', // 7
      '<termSec><term>天网</term></termSec>', // 8
      '<termSec><term>猎狐</term></termSec>', // 9
      '</langSec><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec></conceptEntry>',
    );
    const { shown, unchanged } = await importText(text, glossary);
    expect(shown).toEqual([
      'in.tbx:8: entry "skynet-op": "天网" is already claimed by entry "tianwang" (in.tbx:5)',
      expect.stringMatching(/^in\.tbx:9: entry "skynet-op": "猎狐" is already claimed by entry "liehu" \(.*terms\.yaml:3\)$/),
    ]);
    expect(unchanged).toBe(true);
  });

  it('a termSec with two terms, and a status that contradicts the form it is derived from', async () => {
    const text = tbx(
      '<conceptEntry id="tianwang"><langSec xml:lang="zh-Hans">', // 5
      '<termSec><term>天网</term><term>天网行动</term></termSec>', // 6
      '</langSec></conceptEntry>',
      '<conceptEntry id="liehu"><langSec xml:lang="zh-Hans"><termSec><term>猎狐</term></termSec></langSec>', // 8
      '<langSec xml:lang="zh-Hant"><termSec>', // 9
      '<term>獵狐</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>', // 10
      '</termSec></langSec></conceptEntry>',
    );
    expect((await importText(text)).shown).toEqual([
      'in.tbx:6: concept "tianwang": <termSec> must hold exactly one <term>, not 2',
      'in.tbx:10: concept "liehu": "獵狐" is deprecated but is the traditional form of admitted "猎狐"',
    ]);
  });

  it('a file that is not TBX, or not UTF-8', async () => {
    expect((await importText('<?xml version="1.0"?>\n\n<glossary/>\n')).shown).toEqual([
      'in.tbx:3: not a TBX file: the root element is <glossary>, not <tbx> (or TBX 2 <martif>)',
    ]);
    const dir = await temp.make();
    const file = path.join(await temp.make(), 'in.tbx');
    await writeFile(file, Buffer.concat([Buffer.from(`${tbx(concept('a', '天网')).split('\n').slice(0, 4).join('\n')}\n`), Buffer.from([0xcc, 0xec, 0xcd, 0xf8])]));
    const outcome = await importGlossary({ glossaryDir: dir, file, dryRun: false });
    expect(errorsOf(outcome.problems)).toEqual([`${file}:5: the byte at offset ${Buffer.byteLength(tbx(concept('a', '天网')).split('\n').slice(0, 4).join('\n')) + 1} is not UTF-8 (a GBK or Big5 file?); save the file as UTF-8`]);
  });
});
