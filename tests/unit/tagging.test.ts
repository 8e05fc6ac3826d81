import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseText } from '../../src/pipeline/analyse-text.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';

/** Field reports the project wrote in the seeds' style: English around Chinese, both scripts, traps and garbled OCR. */
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'text');
const readFixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Code point offsets of every literal occurrence of `needle` in `text`. */
function occurrences(text: string, needle: string): number[] {
  const chars = [...text];
  const width = [...needle].length;
  const found: number[] = [];
  for (let i = 0; i + width <= chars.length; i++) if (chars.slice(i, i + width).join('') === needle) found.push(i);
  return found;
}

let ctx: TextContext;
beforeAll(async () => {
  ctx = await createTextContext();
});

const hitsIn = (text: string) => analyseText(text, ctx.glossary, ctx.segmenter).hits;
const summary = (text: string) => hitsIn(text).map((h) => `${h.term}=${h.matched}@${h.start}-${h.end}:${h.kind}`);

describe('glossary matching on the real glossary', () => {
  it('finds terms in simplified text with code point offsets', () => {
    expect(summary('南通市警侨驿站聘请侨领担任海外联络员')).toEqual(
      expect.arrayContaining(['警侨驿站=警侨驿站@3-7:exact', '聘请=聘请@7-9:exact', '侨领=侨领@9-11:exact', '海外联络员=海外联络员@13-18:exact']),
    );
  });

  it('rejects a term that straddles a word boundary: 招聘|请于 holds no 聘请', () => {
    expect(hitsIn('本次招聘请于周五前报名。').map((h) => h.term)).not.toContain('聘请');
  });

  it('does not take 菜鸟驿站 for 警侨驿站, not even as a fuzzy hit', () => {
    expect(hitsIn('菜鸟驿站开到了小区门口。').map((h) => h.term)).not.toContain('警侨驿站');
  });

  it('finds a term broken by a line wrap or by spaces OCR put between characters, keeping the surface form', () => {
    const wrapped = hitsIn('青田县公安局在米兰设立海外联络\n站，聘请侨领。').find((h) => h.term === '海外联络站');
    expect(wrapped?.matched).toBe('海外联络\n站');
    const spaced = hitsIn('警 侨 驿 站 已 开 通').find((h) => h.term === '警侨驿站');
    expect(spaced).toMatchObject({ matched: '警 侨 驿 站', start: 0, end: 7, kind: 'exact' });
  });

  it('keeps traditional surface forms and reports the canonical simplified term', () => {
    const hits = hitsIn('青田警僑驛站聘請了海外聯絡\n站負責人');
    expect(hits.map((h) => `${h.term}=${h.matched}`)).toEqual(
      expect.arrayContaining(['警侨驿站=警僑驛站', '聘请=聘請', '海外联络站=海外聯絡\n站']),
    );
  });

  it('finds the United Front Work Department in 统战部门, one word to the segmenter, in either script', () => {
    // Holdout pages 15, 16 and 28: without the variant, the word 统战部门 hid 统战部.
    expect(summary('与統戰部門關係密切')).toEqual(['统战部=統戰部門@1-5:variant']);
    expect(summary('配合统战部门开展工作')).toEqual(['统战部=统战部门@2-6:variant']);
  });

  it('takes a long term with one known confusion over the shorter term inside it read right', () => {
    // samples/ page 13: 追逃追贓 read 追逃追賊 (贼 for 赃); 追逃 inside it had taken its place.
    expect(summary('中央加大國際追逃追賊力度')).toEqual(['追逃追赃=追逃追賊@6-10:fuzzy']);
    expect(summary('中央加大國際追逃追贓力度')).toEqual(['追逃追赃=追逃追贓@6-10:exact']);
    // 辦 (traditional 办) read 瓣: the same right and left parts around another middle.
    expect(summary('中央追逃瓣全稱')).toEqual(['中央追逃办=中央追逃瓣@0-5:fuzzy']);
    // Without a long term one confusion away, the short one stays.
    expect(summary('国际追逃工作')).toEqual(['追逃=追逃@2-4:exact']);
  });

  it('lets the longest term win where terms overlap', () => {
    const terms = hitsIn('南通市警侨联动服务中心召开首次年度工作会议').map((h) => h.term);
    expect(terms).toContain('警侨联动服务中心');
    expect(terms).not.toContain('警侨联动');
  });

  it('counts code points, not UTF-16 units, after a character outside the BMP', () => {
    const [hit] = hitsIn('𠮷𠮷警侨驿站');
    expect(hit).toMatchObject({ term: '警侨驿站', start: 2, end: 6 });
  });

  it('finds a long term with one misread character as a fuzzy hit, with lower confidence', () => {
    const hit = hitsIn('浙江青田的警係驿站已经开通。').find((h) => h.term === '警侨驿站');
    expect(hit).toMatchObject({ matched: '警係驿站', kind: 'fuzzy' });
    expect(hit!.confidence).toBeLessThan(1);
  });

  it('never matches 2–3 character terms fuzzily', () => {
    const hits = hitsIn('他们聘情了三名侨倾。');
    expect(hits.filter((h) => h.kind === 'fuzzy')).toEqual([]);
  });

  it('does not take a real word one character away for a misreading (为民服务 is not 为侨服务)', () => {
    expect(hitsIn('坚持为民服务的宗旨。').filter((h) => h.kind === 'fuzzy')).toEqual([]);
  });

  const FIELD_REPORTS = [
    {
      name: 'field-report-simplified.txt',
      forms: { 警侨驿站: '警侨驿站', 聘请: '聘请' },
      spaced: '警 侨 驿 站',
      wrapped: '海外联络\n站',
      traps: { 聘请: '招聘请', 警侨驿站: '菜鸟驿站', 走出去: '走出去年' },
    },
    {
      name: 'field-report-traditional.txt',
      forms: { 警侨驿站: '警僑驛站', 聘请: '聘請' },
      spaced: '警 僑 驛 站',
      wrapped: '海外聯絡\n站',
      traps: { 聘请: '招聘請', 警侨驿站: '菜鳥驛站', 走出去: '走出去年' },
    },
  ];

  it.each(FIELD_REPORTS)('finds every 警侨驿站 and 聘请 in $name, spaced and wrapped ones too, and none in its traps', (report) => {
    const text = readFixture(report.name);
    const hits = analyseText(text, ctx.glossary, ctx.segmenter).hits;
    for (const [term, form] of Object.entries(report.forms)) {
      // Every literal occurrence but the one inside the term's trap (招聘请 holds 聘请's characters).
      const trap = report.traps[term as keyof typeof report.traps];
      const inTrap = new Set(occurrences(text, trap).map((at) => at + [...trap].indexOf([...form][0]!)));
      const literal = occurrences(text, form).filter((at) => !inTrap.has(at));
      expect(literal.length).toBeGreaterThan(1);
      expect(hits.filter((h) => h.term === term && h.matched === form).map((h) => h.start)).toEqual(literal);
    }
    expect(hits.filter((h) => h.term === '警侨驿站' && h.matched.includes(' ')).map((h) => h.matched)).toEqual([report.spaced]);
    expect(hits.find((h) => h.term === '海外联络站')?.matched).toBe(report.wrapped);
    // 招聘|请于, a parcel 驿站, 走出|去年: none may hold a hit of the term it resembles.
    for (const [term, trap] of Object.entries(report.traps)) {
      const [at] = occurrences(text, trap);
      expect(at, trap).toBeDefined();
      const inside = hits.filter((h) => h.term === term && h.start < at! + [...trap].length && h.end > at!);
      expect(inside, trap).toEqual([]);
    }
    const chars = [...text];
    for (const hit of hits) expect(chars.slice(hit.start, hit.end).join('')).toBe(hit.matched);
  });

  it('reports no term inside garbled OCR, while the real terms beside it are found', () => {
    const text = readFixture('field-report-simplified.txt');
    const hits = analyseText(text, ctx.glossary, ctx.segmenter).hits;
    const [garbled] = occurrences(text, '管侨磷秘');
    const [misread] = occurrences(text, '聘调');
    expect(garbled).toBeDefined();
    expect(misread).toBeDefined();
    expect(hits.filter((h) => h.start < garbled! + 4 && h.end > garbled!)).toEqual([]);
    expect(hits.filter((h) => h.start < misread! + 2 && h.end > misread!)).toEqual([]);
    const sameLine = hits.filter((h) => h.start > garbled! && h.start < garbled! + 120).map((h) => h.term);
    expect(sameLine).toEqual(expect.arrayContaining(['三心警务', '侨领', '警侨驿站']));
  });
});
