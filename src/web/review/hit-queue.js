// @ts-check
/** @import { HitCounts, HitFilterParams, HitView } from '../../api/views/page-api.ts' */
import { listHits } from '../lib/endpoints.js';

const PAGE = 50;

/**
 * The review queue as the page holds it: the hits loaded so far for one set of filters, in the
 * service's order, with cursors to load the pages before and after, and the one being looked
 * at. Pure data and paging, no rendering: views read it and call its methods. One instance per
 * set of filters; a new filter makes a new queue, so answers for an old one are recognisable.
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

  /** Takes a newer version of a hit (a decision's answer, a fresher detail). */
  update(/** @type {HitView} */ hit) {
    const mine = this.items.find((h) => h.id === hit.id);
    if (mine) Object.assign(mine, hit);
  }
}
