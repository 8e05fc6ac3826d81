import { describe, expect, it } from 'vitest';
import { hasPairKeys, keySignature, SIGNATURE_BITS, signaturePassShare } from '../../src/store/search/key-signature.ts';
import { documentSearchKeys, querySearchKeys } from '../../src/store/search/search-keys.ts';
import { searchViewOf } from '../../src/store/search/search-text.ts';

const TEXT = '青田縣公安機關在普拉托設立警僑驛站，聘請僑領。𠮷野家 WeChat 2023年 夏 海 龙 浙江省推行“最多跑\n一次”改革';

const setBits = (signature: string) => [...signature].flatMap((bit, i) => (bit === '1' ? [i] : []));

describe('key signatures (PostgreSQL walk, migration 0014)', () => {
  const view = searchViewOf(TEXT);
  const page = new Set(setBits(keySignature(documentSearchKeys(view.chars))));

  it("holds every bit of every query the page contains, so a walk never passes over a page that matches", () => {
    const points = [...view.chars];
    let asked = 0;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 2; j <= Math.min(points.length, i + 9); j++) {
        const query = points.slice(i, j).join('');
        for (const bit of setBits(keySignature(querySearchKeys(query)))) expect(page.has(bit), `${query}: bit ${bit}`).toBe(true);
        asked++;
      }
    }
    expect(asked).toBeGreaterThan(200);
  });

  it('is a bit string of 1,024 with one bit per distinct pair, and none for characters', () => {
    const pairs = querySearchKeys('普拉托設立');
    const signature = keySignature(pairs);
    expect(signature).toMatch(/^[01]+$/);
    expect(signature).toHaveLength(SIGNATURE_BITS);
    expect(setBits(signature).length).toBeGreaterThanOrEqual(3);
    expect(setBits(signature).length).toBeLessThanOrEqual(pairs.length);
    expect(setBits(keySignature(querySearchKeys('驿')))).toEqual([]);
    expect(hasPairKeys(querySearchKeys('驿'))).toBe(false);
    expect(hasPairKeys(pairs)).toBe(true);
  });

  it("prices a query's walk by the share of pages its bits let through: 0.45 a bit, all pages with no pairs", () => {
    // A query of four pairs lets through about 0.45⁴ ≈ 4% of the pages without them.
    const query = querySearchKeys('海外联络站');
    expect(signaturePassShare(query)).toBeCloseTo(0.45 ** setBits(keySignature(query)).length, 10);
    expect(signaturePassShare(querySearchKeys('驿'))).toBe(1);
    expect(signaturePassShare(query)).toBeLessThan(0.05);
  });
});
