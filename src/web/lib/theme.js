// @ts-check
import { byId } from './dom.js';

/**
 * Light or dark: the system's setting unless the person chose one with the toggle, kept in this
 * browser. The stylesheet does the rest (data-theme on <html>, else prefers-color-scheme).
 */

const KEY = 'termlens-theme';
const CHOICES = /** @type {const} */ (['system', 'light', 'dark']);
/** @typedef {(typeof CHOICES)[number]} Theme */

function stored() {
  let value = null;
  try {
    value = localStorage.getItem(KEY);
  } catch {
    // Storage may be off (private modes); the system's setting applies.
  }
  return CHOICES.find((c) => c === value) ?? 'system';
}

/** @type {Theme} */
let current = 'system';

function apply(/** @type {Theme} */ theme) {
  current = theme;
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  const button = byId('theme', HTMLButtonElement);
  button.textContent = `Theme: ${theme}`;
  button.dataset.theme = theme;
}

export function wireTheme() {
  apply(stored());
  byId('theme', HTMLButtonElement).addEventListener('click', () => {
    const next = CHOICES[(CHOICES.indexOf(current) + 1) % CHOICES.length] ?? 'system';
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // Not kept, but applied for this page.
    }
    apply(next);
  });
}
