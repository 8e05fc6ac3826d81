// @ts-check
import { byId } from './dom.js';

/** The page's views, one <section class="tab"> each, shown one at a time. */
export const VIEW_NAMES = /** @type {const} */ (['review', 'upload', 'glossary', 'export']);
/** @typedef {(typeof VIEW_NAMES)[number]} ViewName */

/** @typedef {{ open(): void }} View */

/** @type {Map<ViewName, View>} */
const views = new Map();

export function registerView(/** @type {ViewName} */ name, /** @type {View} */ view) {
  views.set(name, view);
}

/** Shows one view and hides the others; the view loads what it needs. */
export function showView(/** @type {ViewName} */ name) {
  for (const tab of document.querySelectorAll('section.tab')) if (tab instanceof HTMLElement) tab.hidden = tab.id !== name;
  for (const button of byId('tabs', HTMLElement).querySelectorAll('button[data-tab]')) {
    if (button instanceof HTMLElement) button.setAttribute('aria-current', String(button.dataset.tab === name));
  }
  views.get(name)?.open();
}

/** @returns {name is ViewName} */
export function isViewName(/** @type {string | undefined} */ name) {
  return VIEW_NAMES.some((v) => v === name);
}
