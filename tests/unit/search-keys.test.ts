import { describe, expect, it } from 'vitest';
import { documentSearchKeys, querySearchKeys } from '../../src/store/search/search-keys.ts';
import { searchViewOf } from '../../src/store/search/search-text.ts';

const TEXT = '青田縣公安機關在普拉托設立警僑驛站，聘請僑領。𠮷野家 WeChat 2023年 夏 海 龙';

/** Every substring of the view, as a query's fold would be. */
function substrings(chars: string): string[] {
  const points = [...chars];
  const out: string[] = [];
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j <= Math.min(points.length, i + 9); j++) out.push(points.slice(i, j).join(''));
  return out;
}

describe('search keys (PostgreSQL index, migration 0011)', () => {
  const view = searchViewOf(TEXT);
  const keys = new Set(documentSearchKeys(view.chars));

  it('holds every key of every query the text contains, across punctuation, spaces and astral characters', () => {
    for (const query of substrings(view.chars)) {
      for (const key of querySearchKeys(query)) expect(keys.has(key), `${query}: ${key}`).toBe(true);
    }
  });

  it('asks a 1-character query for its code point and a longer one for its pairs only', () => {
    expect(querySearchKeys('驿')).toEqual(['驿'.codePointAt(0)]);
    expect(querySearchKeys('𠮷')).toEqual([0x20bb7]);
    const pairs = querySearchKeys('普拉托');
    expect(pairs).toHaveLength(2);
    for (const key of pairs) expect(key).toBeGreaterThanOrEqual(0x110000);
    // Punctuation and spaces are not keys: the same pairs with them in between.
    expect(querySearchKeys('普，拉 托')).toEqual(pairs);
    expect(querySearchKeys('，。！')).toEqual([]);
  });

  it('gives distinct, sorted int4 keys, so PostgreSQL stores them as they are', () => {
    const list = documentSearchKeys(view.chars);
    expect(list).toEqual([...new Set(list)].sort((a, b) => a - b));
    for (const key of list) expect(Number.isInteger(key) && key >= 0 && key <= 2 ** 31 - 1).toBe(true);
  });

  it('tells a pair from its reverse, and a pair from its characters', () => {
    expect(querySearchKeys('拉普')).not.toEqual(querySearchKeys('普拉'));
    expect(keys.has(querySearchKeys('托普')[0]!)).toBe(false);
    expect(querySearchKeys('普拉')).not.toContain('普'.codePointAt(0));
  });
});
