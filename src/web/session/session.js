// @ts-check
/** @import { SessionAnswer } from '../../api/views/page-api.ts' */
import { messageOf, setCsrfToken, statusOf } from '../lib/api.js';
import { byId } from '../lib/dom.js';
import { signIn, signOut } from '../lib/endpoints.js';
import { say } from '../lib/status.js';
import { hideViews } from '../lib/views.js';
import { setSession } from './session-state.js';

/** @import { ViewName } from '../lib/views.js' */

/** The views each role may open; the API refuses the rest anyway. */
/** @type {Record<string, ViewName[]>} */
export const VIEWS_BY_ROLE = {
  uploader: ['upload'],
  reviewer: ['review', 'search', 'glossary', 'export'],
  admin: ['review', 'search', 'upload', 'glossary', 'export', 'audit', 'tokens'],
};

/** Back to the sign-in form, every view hidden. */
export function showSignIn(/** @type {string} */ message = '') {
  setSession(null);
  setCsrfToken(undefined);
  hideViews();
  byId('tabs', HTMLElement).hidden = true;
  byId('sign-out', HTMLButtonElement).hidden = true;
  byId('who', HTMLElement).textContent = '';
  byId('sign-in', HTMLElement).hidden = false;
  if (message) say(message, 'error');
  byId('token-input', HTMLInputElement).focus();
}

/**
 * Shows what the session's role may use.
 * @param {SessionAnswer} answer
 * @returns {ViewName[]} the views it may open
 */
export function enterSession(answer) {
  if (!answer.role || !answer.name) throw new Error('the session answer names no role');
  setSession({ ...answer, role: answer.role, name: answer.name });
  setCsrfToken(answer.csrfToken);
  byId('sign-in', HTMLElement).hidden = true;
  byId('tabs', HTMLElement).hidden = false;
  byId('sign-out', HTMLButtonElement).hidden = answer.authMode === 'none';
  byId('who', HTMLElement).textContent = `${answer.name} · ${answer.role}`;
  const allowed = VIEWS_BY_ROLE[answer.role] ?? [];
  for (const button of byId('tabs', HTMLElement).querySelectorAll('button[data-tab]')) {
    if (button instanceof HTMLElement) button.hidden = !allowed.some((v) => v === button.dataset.tab);
  }
  for (const node of document.querySelectorAll('[data-admin]')) if (node instanceof HTMLElement) node.hidden = answer.role !== 'admin';
  byId('entry-form', HTMLFormElement).hidden = true;
  return allowed;
}

/**
 * The sign-in form and the sign-out button; `started` runs once signed in, `ended` once signed out.
 * @param {(answer: SessionAnswer) => Promise<void>} started
 * @param {() => void} ended
 */
export function wireSession(started, ended) {
  byId('sign-in-form', HTMLFormElement).addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = byId('token-input', HTMLInputElement);
    try {
      const data = await signIn(input.value.trim());
      input.value = '';
      say(`Signed in as ${data.name}.`);
      await started(data);
    } catch (error) {
      say(statusOf(error) === 401 ? 'That token is unknown or revoked.' : `Sign-in failed: ${messageOf(error)}`, 'error');
    }
  });
  byId('sign-out', HTMLButtonElement).addEventListener('click', async () => {
    await signOut().catch(() => undefined);
    ended();
    showSignIn('Signed out.');
  });
}
