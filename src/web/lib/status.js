// @ts-check
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
