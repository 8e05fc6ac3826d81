import { describe, expect, it } from 'vitest';
import { MatchList } from '../../src/matching/match-list.ts';
import { NestedExactMatches } from '../../src/matching/nested-exact-matches.ts';

/** Exact candidates as [start, end) spans over a view of 20 code units. */
function nested(spans: [number, number][], accepted: (i: number) => boolean = () => true): NestedExactMatches {
  const list = new MatchList();
  for (const [start, end] of spans) list.push(start, end, 0);
  return new NestedExactMatches(list, 20, accepted);
}

describe('NestedExactMatches', () => {
  it('holds a shorter exact candidate that lies inside the span', () => {
    expect(nested([[6, 8]]).holdsOnlyNested(6, 10)).toBe(true);
    expect(nested([[7, 9]]).holdsOnlyNested(6, 10)).toBe(true);
  });

  it('holds none when no exact candidate lies inside, or the one inside was not accepted', () => {
    expect(nested([]).holdsOnlyNested(6, 10)).toBe(false);
    expect(nested([[1, 3]]).holdsOnlyNested(6, 10)).toBe(false);
    expect(nested([[6, 8]], () => false).holdsOnlyNested(6, 10)).toBe(false);
  });

  it('refuses a span that an exact candidate crosses at either end, covers, or matches exactly', () => {
    expect(nested([[6, 8], [9, 12]]).holdsOnlyNested(6, 10)).toBe(false);
    expect(nested([[6, 8], [4, 7]]).holdsOnlyNested(6, 10)).toBe(false);
    expect(nested([[4, 12]]).holdsOnlyNested(6, 10)).toBe(false);
    expect(nested([[6, 8], [6, 10]]).holdsOnlyNested(6, 10)).toBe(false);
  });
});
