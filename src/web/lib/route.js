// @ts-check

/**
 * Where the page is, in its URL: the view, the review queue's filters (which the exports use
 * too), the hit or entry being looked at, each view's own filters. A reload or a shared link
 * opens the same place. Moving from hit to hit replaces the history entry; changing the view
 * or a filter adds one, so Back returns to it.
 */

/** @type {((params: URLSearchParams) => void) | undefined} */
let onNavigate;

/** The current route's parameters (a copy). */
export function route() {
  return new URLSearchParams(location.search);
}

/** One parameter of the current route, '' when absent. */
export function param(/** @type {string} */ name) {
  return route().get(name) ?? '';
}

/**
 * Changes parameters of the URL; '' or null removes one.
 * @param {Record<string, string | null | undefined>} changes
 * @param {{ push?: boolean }} [options]
 */
export function setRoute(changes, { push = false } = {}) {
  const params = route();
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  }
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ''}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** Back and Forward: `handler` gets the route to show. */
export function whenNavigated(/** @type {(params: URLSearchParams) => void} */ handler) {
  onNavigate = handler;
}

window.addEventListener('popstate', () => onNavigate?.(route()));
