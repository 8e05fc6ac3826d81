// @ts-check
/** @import { HitView } from '../../api/views/page-api.ts' */
/** @import { Selection } from './selection.js' */
import { byId, el } from '../lib/dom.js';

/**
 * The loaded part of the queue as a list beside the hit on screen, for choosing hits of a bulk
 * decision: a click on a row shows its hit, a click on its box selects it, a shift-click on
 * either selects the range from the last box toggled. The current hit is marked.
 */

/**
 * @param {HitView[]} items
 * @param {number} current the index of the hit on screen
 * @param {Selection} selection
 */
export function renderQueueList(items, current, selection) {
  const list = byId('queue-list', HTMLElement);
  list.replaceChildren(
    ...items.map((hit, index) =>
      el(
        'li',
        { class: `${hit.reviewStatus}${index === current ? ' current' : ''}`, dataset: { index: String(index), hitId: hit.id }, 'aria-current': index === current ? 'true' : null },
        el('input', { type: 'checkbox', checked: selection.has(hit.id), 'aria-label': `select ${hit.matched} (${index + 1})` }),
        el('span', { class: 'n' }, String(index + 1)),
        el('span', { class: 'term', lang: 'zh' }, hit.matched),
        el('span', { class: 'meta' }, ` ${hit.english} · ${hit.reviewStatus}`),
      ),
    ),
  );
  list.querySelector('li.current')?.scrollIntoView({ block: 'nearest' });
}

/**
 * @param {{ items: () => HitView[], selection: () => Selection, show: (index: number) => void, changed: () => void }} deps
 */
export function wireQueueList(deps) {
  const list = byId('queue-list', HTMLElement);
  // A shift-click selects hits, not the text of the rows between.
  list.addEventListener('mousedown', (event) => {
    if (event.shiftKey) event.preventDefault();
  });
  list.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const row = target.closest('li[data-index]');
    if (!(row instanceof HTMLElement)) return;
    const index = Number(row.dataset.index);
    const selection = deps.selection();
    if (event.shiftKey) selection.extendTo(deps.items(), index);
    else if (target instanceof HTMLInputElement) selection.toggle(deps.items(), index);
    else return deps.show(index);
    deps.changed();
  });
}
