// @ts-check
import { messageOf, statusOf } from './api.js';
import { byId } from './dom.js';

/**
 * Tells the person what just happened, in the page's one live region.
 * @param {string} message
 * @param {'info' | 'error'} [kind]
 */
export function say(message, kind = 'info') {
  const status = byId('status', HTMLElement);
  status.textContent = message;
  status.dataset.kind = kind;
}

/**
 * Says that something failed and why, except when the session ended (401): the sign-in form
 * has said so already, and that is what the person must do next.
 * @param {string} what e.g. "Could not load the glossary"
 * @param {unknown} error
 */
export function failed(what, error) {
  if (statusOf(error) === 401) return;
  say(`${what}: ${messageOf(error)}`, 'error');
}
