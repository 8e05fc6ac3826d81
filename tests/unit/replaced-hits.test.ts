import { describe, expect, it } from 'vitest';
import { findReplacements } from '../../src/domain/replaced-hits.ts';
import { reopenReason } from '../../src/domain/reopen-reason.ts';
import { reviewKey, type ReviewedHit } from '../../src/domain/review-key.ts';

const SHA = 'a'.repeat(64);
const station: ReviewedHit = { entryId: 'jingqiao-yizhan', start: 4, end: 8, matched: '警僑驛站', form: '警僑驛站' };

describe('review keys and why a hit is pending again', () => {
  it('keys what a translator judged, and nothing else', () => {
    expect(reviewKey(SHA, station)).toBe(reviewKey(SHA, { ...station }));
    expect(reviewKey(SHA, station)).not.toBe(reviewKey('b'.repeat(64), station));
    for (const changed of [{ entryId: 'x' }, { start: 5 }, { end: 9 }, { matched: '警侨驿站' }, { form: '警侨驿站' }, { status: 'deprecated' as const }]) {
      expect(reviewKey(SHA, { ...station, ...changed }), JSON.stringify(changed)).not.toBe(reviewKey(SHA, station));
    }
  });

  it('says in words what changed', () => {
    expect(reopenReason(station, { ...station, form: '警侨驿站' })).toBe('entry changed: form 警僑驛站 removed (now matched as 警侨驿站)');
    expect(reopenReason(station, { ...station, entryId: 'jingqiao' })).toBe('entry changed: now matched by jingqiao (was jingqiao-yizhan)');
    expect(reopenReason(station, { ...station, end: 6, matched: '警僑' })).toBe('span moved: 警僑驛站 → 警僑');
    expect(reopenReason(station, { ...station, status: 'deprecated' })).toBe('entry changed: form 警僑驛站 is now deprecated');
    expect(reopenReason({ ...station, status: 'deprecated' }, station)).toBe('entry changed: form 警僑驛站 is no longer deprecated');
  });

  it('lets each decided hit be replaced once, by an undecided overlapping hit, and leaves the rest withdrawn', () => {
    const before = [
      { key: 'k-station', hit: station },
      { key: 'k-far', hit: { entryId: 'far', start: 20, end: 22, matched: '普拉', form: '普拉' } },
    ];
    const after = [
      { key: 'k-a', hit: { ...station, end: 6, matched: '警僑' }, decided: false },
      { key: 'k-b', hit: { ...station, start: 6, matched: '驛站' }, decided: false },
      { key: 'k-decided', hit: { ...station, start: 4, end: 5, matched: '警' }, decided: true },
    ];
    const replaced = findReplacements(before, after);
    expect([...replaced.entries()]).toEqual([[0, { from: 'k-station', reason: 'span moved: 警僑驛站 → 警僑' }]]);
    // A decided hit still found under its key is kept, not replaced.
    expect(findReplacements(before, [{ key: 'k-station', hit: station, decided: true }]).size).toBe(0);
  });
});
