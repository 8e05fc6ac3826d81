// @ts-check
import { byId } from './dom.js';
import { route, setRoute } from './route.js';
import { say } from './status.js';

/** The page's views, one <section class="tab"> each, shown one at a time. */
export const VIEW_NAMES = /** @type {const} */ (['review', 'search', 'upload', 'glossary', 'export', 'audit', 'tokens']);
/** @typedef {(typeof VIEW_NAMES)[number]} ViewName */

/** @typedef {{ open(params: URLSearchParams): void }} View */

/** @type {Map<ViewName, View>} */
const views = new Map();
/** @type {ViewName | undefined} */
let shown;

export function registerView(/** @type {ViewName} */ name, /** @type {View} */ view) {
  views.set(name, view);
}

/** @returns {name is ViewName} */
export function isViewName(/** @type {string | null | undefined} */ name) {
  return VIEW_NAMES.some((v) => v === name);
}

export function shownView() {
  return shown;
}

/**
 * Shows one view, hides the others and lets the view load what the route asks for. A status
 * message belongs to the view it was said in: it goes when the view changes.
 * @param {ViewName} name
 * @param {{ push?: boolean }} [options] push: a person chose the view (Back returns)
 */
export function showView(name, { push = false } = {}) {
  if (shown !== undefined && shown !== name) say('');
  shown = name;
  setRoute({ view: name }, { push });
  for (const tab of document.querySelectorAll('section.tab')) if (tab instanceof HTMLElement) tab.hidden = tab.id !== name;
  for (const button of byId('tabs', HTMLElement).querySelectorAll('button[data-tab]')) {
    if (button instanceof HTMLElement) button.setAttribute('aria-current', String(button.dataset.tab === name));
  }
  views.get(name)?.open(route());
}

/** Forgets the view shown (signing out). */
export function hideViews() {
  shown = undefined;
  for (const tab of document.querySelectorAll('section.tab')) if (tab instanceof HTMLElement) tab.hidden = true;
}
