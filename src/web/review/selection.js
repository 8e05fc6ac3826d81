// @ts-check
/** @import { BulkPreviewAnswer, HitFilterParams, HitView } from '../../api/views/page-api.ts' */

/**
 * The hits chosen for a bulk decision: some of the loaded ones (a click or `x` toggles one,
 * a shift-click takes the range from the last one toggled), or every hit the filters select,
 * as a preview counted them (the service refuses the action if the set changed since). Pure
 * state: the queue list and the bulk bar render it.
 */
export class Selection {
  /** @type {Set<string>} */
  ids = new Set();
  /** Where the last toggle was, in the queue's items: one end of a shift-click range. */
  /** @type {number | null} */
  anchor = null;
  /** Set while "all matching the filter" is chosen. */
  /** @type {{ filters: HitFilterParams, preview: BulkPreviewAnswer } | null} */
  matching = null;

  /** @param {HitView[]} items @param {number} index */
  toggle(items, index) {
    const hit = items[index];
    if (!hit) return;
    this.matching = null;
    if (this.ids.has(hit.id)) this.ids.delete(hit.id);
    else this.ids.add(hit.id);
    this.anchor = index;
  }

  /** Adds the hits from the anchor to `index`, both included (a toggle when there is no anchor). */
  extendTo(/** @type {HitView[]} */ items, /** @type {number} */ index) {
    if (this.anchor === null || !items[this.anchor]) return this.toggle(items, index);
    this.matching = null;
    const [from, to] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
    for (let i = from; i <= to; i++) this.ids.add(items[i]?.id ?? '');
    this.ids.delete('');
    this.anchor = index;
  }

  /** Every hit the filters select, as counted by a preview. */
  selectMatching(/** @type {HitFilterParams} */ filters, /** @type {BulkPreviewAnswer} */ preview) {
    this.ids.clear();
    this.anchor = null;
    this.matching = { filters, preview };
  }

  clear() {
    this.ids.clear();
    this.anchor = null;
    this.matching = null;
  }

  /** How many hits a bulk action would decide. */
  get size() {
    return this.matching ? this.matching.preview.count : this.ids.size;
  }

  has(/** @type {string} */ id) {
    return this.matching !== null || this.ids.has(id);
  }

  /** The chosen loaded hits, in queue order. */
  chosen(/** @type {HitView[]} */ items) {
    return items.filter((h) => this.ids.has(h.id));
  }
}
