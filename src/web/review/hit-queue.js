// @ts-check
/** @import { HitCounts, HitFilterParams, HitView } from '../../api/views/page-api.ts' */
import { listHits } from '../lib/endpoints.js';

const PAGE = 50;
/** Counting the hits before a linked one pages back this many at a time, this many times at most. */
const COUNT_PAGE = 500;
const COUNT_PAGES_MAX = 20;

/**
 * The review queue as the page holds it: the hits loaded so far for one set of filters, in the
 * service's order, with cursors to load the pages before and after, and the one being looked
 * at. Pure data and paging, no rendering: views read it and call its methods. One instance per
 * set of filters; a new filter makes a new queue, so answers for an old one are recognisable.
 *
 * A selection of several hits for a bulk decision (selection.js) lives beside `index`; the
 * queue's paging does not change for it.
 */
export class HitQueue {
  /** @type {HitView[]} */
  items = [];
  index = -1;
  /** @type {string | null} */
  nextCursor = null;
  /** @type {string | null} */
  prevCursor = null;
  /** @type {HitCounts | null} */
  counts = null;
  /**
   * How many hits match the filters, as counted when the queue was loaded: the queue a person
   * walks through does not shrink under them as they decide.
   */
  total = 0;
  /** How many hits come before the first loaded one; null while unknown (opened at a linked hit). */
  /** @type {number | null} */
  offset = 0;

  constructor(/** @type {HitFilterParams} */ filters) {
    /** @readonly */
    this.filters = filters;
  }

  /** Loads the first page (or the page starting at the hit `around`). */
  async load(/** @type {string | undefined} */ around) {
    const data = await listHits({ ...this.filters, limit: PAGE, around });
    this.items = data.items;
    this.nextCursor = data.nextCursor;
    this.prevCursor = data.prevCursor;
    this.counts = data.counts;
    const status = /** @type {keyof HitCounts | undefined} */ (this.filters.status);
    this.total = status && status in data.counts ? data.counts[status] : data.counts.total;
    this.offset = data.prevCursor ? null : 0;
  }

  /**
   * Counts the hits before the first loaded one by paging back (the API has no offsets), so the
   * position of a linked hit is a real number; gives up, leaving it unknown, after 10,000.
   */
  async countBefore() {
    let cursor = this.prevCursor;
    let before = 0;
    for (let pages = 0; cursor && pages < COUNT_PAGES_MAX; pages++) {
      const data = await listHits({ ...this.filters, limit: COUNT_PAGE, before: cursor });
      before += data.items.length;
      cursor = data.prevCursor;
    }
    // Pages loaded in front meanwhile are counted in `index`, not here.
    if (!cursor && this.offset === null) this.offset = Math.max(0, before - this.loadedInFront);
    return this.offset;
  }

  /** Hits loaded in front of the first page since the queue was loaded. */
  loadedInFront = 0;

  /** The current hit's place in the queue, counted from 1; null while unknown. */
  get position() {
    return this.offset === null ? null : this.offset + this.index + 1;
  }

  /** @returns {HitView | undefined} */
  get current() {
    return this.items[this.index];
  }

  indexOf(/** @type {string} */ hitId) {
    return this.items.findIndex((h) => h.id === hitId);
  }

  /**
   * Loads the page after the last or before the first loaded hit; the indexes of loaded hits
   * shift by the number added in front. Answers how many hits came.
   * @param {'next' | 'prev'} direction
   */
  async more(direction) {
    const cursor = direction === 'next' ? this.nextCursor : this.prevCursor;
    if (!cursor) return 0;
    const data = await listHits({ ...this.filters, limit: PAGE, ...(direction === 'next' ? { after: cursor } : { before: cursor }) });
    if (direction === 'next') {
      this.items.push(...data.items);
      this.nextCursor = data.nextCursor;
    } else {
      this.items.unshift(...data.items);
      this.index += data.items.length;
      this.prevCursor = data.prevCursor;
      this.loadedInFront += data.items.length;
      if (this.offset !== null) this.offset = Math.max(0, this.offset - data.items.length);
      else if (!data.prevCursor) this.offset = 0;
    }
    this.counts = data.counts;
    return data.items.length;
  }

  /**
   * The index `step` away from the current hit, loading a page when it lies beyond the loaded
   * ones; undefined past either end of the queue.
   */
  async indexAt(/** @type {number} */ step) {
    if (this.index + step >= this.items.length && (await this.more('next')) === 0) return undefined;
    if (this.index + step < 0 && (await this.more('prev')) === 0) return undefined;
    const target = this.index + step;
    return target >= 0 && target < this.items.length ? target : undefined;
  }

  /** Counts again (after a bulk action changed many hits at once). */
  async refreshCounts() {
    this.counts = (await listHits({ ...this.filters, limit: 1 })).counts;
  }

  /** Takes a newer version of a hit (a decision's answer, a fresher detail, a bulk action's state of it). */
  update(/** @type {Partial<HitView> & { id: string }} */ hit) {
    const mine = this.items.find((h) => h.id === hit.id);
    if (mine) Object.assign(mine, hit);
  }
}
