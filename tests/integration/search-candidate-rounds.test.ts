import { beforeAll, describe, expect, it } from 'vitest';
import { searchCorpus } from '../../src/pipeline/search-corpus.ts';
import { createTextContext } from '../../src/pipeline/text-context.ts';
import { seedText } from './helpers/search-corpus.ts';
import { STORE_BACKENDS } from './helpers/store-backends.ts';
import { useStoreSuite } from './helpers/store-suite.ts';

/**
 * PostgreSQL's index proposes every page that holds a query's pairs of characters; when most of
 * them lack the phrase itself (做侨, 侨驿 and 驿站 without 做侨驿站), search asks for more
 * candidates in growing rounds (repositories/search.ts) and must still find every occurrence,
 * in id order, however far behind the false candidates it lies. SQLite's phrase index proposes
 * no such pages; the same answers are asked of it.
 */
const DECOYS = 300;

describe.each(STORE_BACKENDS)('search past candidates without the phrase, on %s', (backend) => {
  const suite = useStoreSuite(backend);
  const phrasePages: string[] = [];

  beforeAll(async () => {
    const ctx = await createTextContext();
    for (let i = 0; i < DECOYS; i++) {
      await seedText(suite.store, ctx, `第${i}份：他做侨务工作，去过警侨驿站。`, `decoy-${i}`);
      if (i === 150 || i === DECOYS - 1) phrasePages.push(await seedText(suite.store, ctx, `第${i}份：他在那里做侨驿站的联络员。`, `phrase-${i}`));
    }
  }, 120_000);

  it('finds the pages that hold the phrase behind hundreds that hold only its pairs', async () => {
    const page = await searchCorpus(suite.store, { query: '做侨驿站', limit: 10 });
    expect(page.results.map((r) => [r.sha256, r.matched])).toEqual(phrasePages.map((sha256) => [sha256, '做侨驿站']));
    expect(page.nextCursor).toBeUndefined();
  });

  it('pages through them one at a time, neither skipping nor repeating', async () => {
    const first = await searchCorpus(suite.store, { query: '做僑驛站', limit: 1 });
    expect(first.results.map((r) => r.sha256)).toEqual([phrasePages[0]]);
    const second = await searchCorpus(suite.store, { query: '做僑驛站', limit: 1, cursor: first.nextCursor });
    expect(second.results.map((r) => r.sha256)).toEqual([phrasePages[1]]);
    expect(second.nextCursor).toBeUndefined();
  });
});
