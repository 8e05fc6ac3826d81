import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editEntry } from '../../src/review/entry-edits.ts';
import { GlossaryService } from '../../src/review/glossary-service.ts';
import { ReviewRefusal } from '../../src/review/review-refusal.ts';
import type { ReviewAudit } from '../../src/review/review-service.ts';
import { folderContents, TempDirs } from './helpers/temp-glossary.ts';

const temp = new TempDirs();
afterAll(() => temp.removeAll());

const FIELDS = {
  term: '警务站',
  traditional: [],
  variants: [],
  english: ['police post'],
  category: 'institution',
  note: 'Added in a test.',
  source: ['002_d9a3951b2287d1f7'],
};

let glossary: GlossaryService;
let dir: string;
const audited: { action: string; subject: string; details: Record<string, unknown> }[] = [];
const audit: ReviewAudit = async (action, subject, details) => {
  audited.push({ action, subject, details });
};

const refusalOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReviewRefusal);
  const { reason, code, message } = error as ReviewRefusal;
  return { reason, code, message };
};

describe('glossary edit rules without HTTP', () => {
  beforeAll(async () => {
    dir = await temp.shippedCopy();
    glossary = await GlossaryService.load(dir);
  });

  it('refuses, unwritten and before the merge, a bad id, a taken id, a missing entry and a malformed one', async () => {
    const before = await folderContents(dir);
    expect(await refusalOf(editEntry(glossary, { id: 'Bad Id', fields: FIELDS, creating: true }, audit))).toEqual({
      reason: 'bad-entry',
      code: 'BAD_ENTRY_ID',
      message: 'an id is lowercase ascii words joined by hyphens',
    });
    expect(await refusalOf(editEntry(glossary, { id: 'pinqing', fields: FIELDS, creating: true }, audit))).toEqual({
      reason: 'entry-exists',
      code: 'ENTRY_EXISTS',
      message: 'entry "pinqing" exists; edit it with PUT',
    });
    expect(await refusalOf(editEntry(glossary, { id: 'no-such', fields: FIELDS, creating: false }, audit))).toEqual({
      reason: 'not-found',
      code: 'NOT_FOUND',
      message: 'glossary entry not found',
    });
    expect(await refusalOf(editEntry(glossary, { id: 'x-y', fields: { ...FIELDS, category: 'weapon' }, creating: true }, audit))).toMatchObject({
      reason: 'bad-entry',
      code: 'BAD_ENTRY',
    });
    expect(await refusalOf(editEntry(glossary, { id: 'x-y', fields: { ...FIELDS, english: ['police | post'] }, creating: true }, audit))).toEqual({
      reason: 'bad-entry',
      code: 'BAD_ENTRY',
      message: '"police | post" contains "|", the list separator of the CSV/TSV export',
    });
    expect(audited).toEqual([]);
    expect(await folderContents(dir)).toEqual(before);
  });

  it('audits a refusal of the merge and an edit that went through', async () => {
    audited.length = 0;
    const refused = await refusalOf(editEntry(glossary, { id: 'qingtian-two', fields: { ...FIELDS, term: '青田' }, creating: true }, audit));
    expect(refused).toMatchObject({ reason: 'edit-refused', code: 'GLOSSARY_EDIT_REFUSED' });
    expect(refused.message).toMatch(/青田/);
    expect(audited).toEqual([{ action: 'glossary.edit_refused', subject: 'qingtian-two', details: { problems: [refused.message] } }]);

    const versionBefore = glossary.version;
    const added = await editEntry(glossary, { id: 'jingwu-zhan', fields: FIELDS, creating: true }, audit);
    expect(added).toMatchObject({ versionBefore, changed: true, entry: { id: 'jingwu-zhan', term: '警务站' } });
    expect(glossary.version).toBe(added.versionAfter);
    expect(audited[1]).toEqual({
      action: 'glossary.entry_added',
      subject: 'jingwu-zhan',
      details: { versionBefore, versionAfter: added.versionAfter, changed: true },
    });
    const again = await editEntry(glossary, { id: 'jingwu-zhan', fields: FIELDS, creating: false }, audit);
    expect(again).toMatchObject({ changed: false, versionAfter: added.versionAfter });
    expect(audited[2]?.action).toBe('glossary.entry_changed');
  });
});
