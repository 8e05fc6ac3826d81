import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/errors.ts';
import { normaliseEntries } from '../../src/glossary/glossary-version.ts';
import { describeChange, diffGlossaries } from '../../src/glossary/interchange/glossary-diff.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { loadRecordedGlossary } from '../../src/glossary/interchange/load-recorded-glossary.ts';
import {
  listSnapshotVersions,
  previousVersion,
  readHistory,
  readSnapshot,
  recordGlossaryVersion,
  resolveVersion,
  versionsDir,
} from '../../src/glossary/interchange/version-store.ts';
import { TempDirs } from './helpers/temp-glossary.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const V1 = `entries:
  - id: pinqing
    term: 聘请
    variants: [聘任]
    english: ["hire", "appoint"]
    category: action
    source: [002_d9a3951b2287d1f7]
  - id: quanfan
    term: 劝返
    english: [persuade to return]
    category: action
    source: [002_d9a3951b2287d1f7]
`;
const V2 = V1.replace('[聘任]', '[聘用]\n    deprecated: [雇佣]').replace('["hire", "appoint"]', '["appoint", "hire"]').replace(/ {2}- id: quanfan[\s\S]*$/, '') +
  '  - id: liehu\n    term: 猎狐\n    english: [Fox Hunt]\n    category: programme\n    note: Sky Net campaign.\n    source: [002_d9a3951b2287d1f7]\n';

describe('glossary versions and their snapshots', () => {
  it('records each new version once, with a snapshot that hashes to its name', async () => {
    const data = await temp.make();
    const glossary = await loadGlossary(await temp.withFiles({ 'terms.yaml': V1 }));
    expect(await recordGlossaryVersion(glossary, data)).toEqual({ isNew: true });
    expect(await recordGlossaryVersion(glossary, data)).toEqual({ isNew: false });
    const snapshot = await readSnapshot(data, glossary.version);
    expect(snapshot.entries).toEqual(normaliseEntries(glossary.entries));
    expect((await readHistory(data)).map((h) => h.version)).toEqual([glossary.version]);
  });

  it('refuses a snapshot whose entries were edited', async () => {
    const data = await temp.make();
    const glossary = await loadGlossary(await temp.withFiles({ 'terms.yaml': V1 }));
    await recordGlossaryVersion(glossary, data);
    const file = path.join(versionsDir(data), `${glossary.version}.json`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('劝返', '劝回'));
    await expect(readSnapshot(data, glossary.version)).rejects.toThrow(/was altered/);
  });

  it('resolves prefixes, "previous" and "current", and says why it cannot', async () => {
    const data = await temp.make();
    const v1 = await loadGlossary(await temp.withFiles({ 'terms.yaml': V1 }));
    const v2 = await loadGlossary(await temp.withFiles({ 'terms.yaml': V2 }));
    await recordGlossaryVersion(v1, data);
    await recordGlossaryVersion(v2, data);
    expect(await resolveVersion(data, v1.version.slice(0, 6), v2.version)).toBe(v1.version);
    expect(await resolveVersion(data, v1.version.slice(0, 6).toUpperCase(), v2.version)).toBe(v1.version);
    expect(await resolveVersion(data, 'previous', v2.version)).toBe(v1.version);
    expect(await resolveVersion(data, 'current', v2.version)).toBe(v2.version);
    await expect(resolveVersion(data, 'abc', v2.version)).rejects.toThrow(InputError);
    await expect(resolveVersion(data, '0000', v2.version)).rejects.toThrow(/no recorded glossary version starts with "0000"/);
    // Going back to v1 makes v2 the previous one.
    await recordGlossaryVersion(v1, data);
    expect(previousVersion(await readHistory(data), v1.version)).toBe(v2.version);
    expect((await readHistory(data)).map((h) => h.version)).toEqual([v1.version, v2.version, v1.version]);
  });

  it('lists added, removed and changed entries with the fields that changed', async () => {
    const v1 = await loadGlossary(await temp.withFiles({ 'terms.yaml': V1 }));
    const v2 = await loadGlossary(await temp.withFiles({ 'terms.yaml': V2 }));
    const diff = diffGlossaries(normaliseEntries(v1.entries), normaliseEntries(v2.entries));
    expect(diff.added.map((e) => e.id)).toEqual(['liehu']);
    expect(diff.removed.map((e) => e.id)).toEqual(['quanfan']);
    expect(diff.changed.map((c) => [c.id, c.fields.map(describeChange)])).toEqual([
      ['pinqing', ['variants: + 聘用  - 聘任', 'deprecated: + 雇佣', 'english: "hire", "appoint" → "appoint", "hire"']],
    ]);
  });

  it('commands that load the glossary record it; a broken glossary records nothing, an unwritable data folder only warns', async () => {
    const data = await temp.make();
    const broken = await temp.withFiles({ 'terms.yaml': 'entries: [' });
    await expect(loadRecordedGlossary(broken, data, () => {})).rejects.toThrow(ConfigError);
    expect(await listSnapshotVersions(data)).toEqual([]);

    const dir = await temp.withFiles({ 'terms.yaml': V1 });
    const glossary = await loadRecordedGlossary(dir, data, () => {});
    expect(await listSnapshotVersions(data)).toEqual([glossary.version]);

    const notAFolder = path.join(data, 'file');
    await writeFile(notAFolder, '');
    const warnings: string[] = [];
    await loadRecordedGlossary(dir, notAFolder, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringMatching(/^glossary version [0-9a-f]{12} not recorded under /)]);
  });
});
