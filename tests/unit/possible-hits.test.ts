import { beforeAll, describe, expect, it } from 'vitest';
import { analyseText } from '../../src/pipeline/analyse-text.ts';
import { createTextContext, type TextContext } from '../../src/pipeline/text-context.ts';

/**
 * `possible` hits (issue #20, point 5): a short glossary term with one character read as a known
 * lookalike is reported as a place where the term may have been missed, apart from the hits.
 */
let ctx: TextContext;
beforeAll(async () => {
  ctx = await createTextContext();
});

const tag = (text: string) => analyseText(text, ctx.glossary, ctx.segmenter).hits;

describe('possible hits', () => {
  it('marks a two-character term one lookalike off (聘清 for 聘请), with a lower confidence than any hit', () => {
    const hits = tag('市局负责人介绍，本次聘清三名海外联络员。');
    const possible = hits.filter((h) => h.kind === 'possible');
    expect(possible).toMatchObject([{ term: '聘请', matched: '聘清', start: 10, end: 12, form: '聘请' }]);
    expect(possible[0]!.confidence).toBeLessThan(0.5);
    // The real hit beside it is untouched.
    expect(hits.filter((h) => h.kind !== 'possible').map((h) => h.term)).toEqual(['海外联络员']);
  });

  it('leaves a lookalike alone where it belongs to a word (清楚 is not a misread 请)', () => {
    expect(tag('他说得很清楚，请于明日前报名。')).toEqual([]);
  });

  it('never doubles a term that was found: a hit wins over a possible hit on the same text', () => {
    const hits = tag('聘请侨领担任海外联络员');
    expect(hits.map((h) => h.kind)).not.toContain('possible');
  });

  it('reads traditional text on its simplified fold (聘請 read as 聘清)', () => {
    expect(tag('市局負責人介紹，本次聘清三名海外聯絡員。').filter((h) => h.kind === 'possible').map((h) => h.matched)).toEqual(['聘清']);
  });
});
