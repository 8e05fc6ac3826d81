import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseText } from '../../src/pipeline/analyse-text.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';

const seedPath = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'seeds', '002_d9a3951b2287d1f7.txt');

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

  it('finds every 警侨驿站 and 聘请 in the Patrol and Persuade seed', () => {
    const seed = readFileSync(seedPath, 'utf8');
    const hits = analyseText(seed, ctx.glossary, ctx.segmenter).hits;
    const chars = [...seed];
    for (const term of ['警侨驿站', '聘请']) {
      const occurrences: number[] = [];
      for (let i = 0; i + [...term].length <= chars.length; i++) {
        if (chars.slice(i, i + [...term].length).join('') === term) occurrences.push(i);
      }
      expect(occurrences.length).toBeGreaterThan(0);
      const starts = hits.filter((h) => h.term === term && h.kind === 'exact').map((h) => h.start);
      expect(starts).toEqual(occurrences);
    }
    for (const hit of hits) expect(chars.slice(hit.start, hit.end).join('')).toBe(hit.matched);
  });
});
