// @ts-check
/** @import { ApiTokenRecord, Role } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';
import { createToken, listTokens, revokeToken } from '../lib/endpoints.js';
import { failed, say } from '../lib/status.js';

/**
 * Token management for admins, as `termlens token` does it: make one (its secret is shown once,
 * here), list them, revoke one (two clicks: the first arms the button). The API has no expiry
 * for tokens; sessions made with a token end after the service's session time.
 */

const form = () => byId('token-form', HTMLFormElement);
const when = (/** @type {string} */ at) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function revokeButton(/** @type {ApiTokenRecord} */ t) {
  const button = el('button', { type: 'button', class: 'reject', dataset: { tokenId: t.id } }, 'Revoke');
  button.addEventListener('click', async () => {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = `Really revoke ${t.name}?`;
      return;
    }
    try {
      const revoked = await revokeToken(t.id);
      say(`Revoked ${revoked.name}; its sessions have ended.`);
      await render();
    } catch (error) {
      failed('Not revoked', error);
    }
  });
  button.addEventListener('blur', () => {
    button.dataset.armed = 'false';
    button.textContent = 'Revoke';
  });
  return button;
}

async function render() {
  const { items } = await listTokens();
  byId('token-rows', HTMLElement).replaceChildren(
    ...items.map((t) =>
      el(
        'tr',
        { dataset: { tokenId: t.id, revoked: String(t.revokedAt !== null) } },
        el('td', { dataset: { label: 'Name' } }, t.name),
        el('td', { dataset: { label: 'Role' } }, t.role),
        el('td', { dataset: { label: 'Made' } }, el('time', { datetime: t.createdAt }, when(t.createdAt))),
        el('td', { dataset: { label: 'State' } }, t.revokedAt ? el('span', {}, 'revoked ', el('time', { datetime: t.revokedAt }, when(t.revokedAt))) : revokeButton(t)),
      ),
    ),
  );
}

export async function openTokens() {
  try {
    await render();
  } catch (error) {
    failed('Could not list the tokens', error);
  }
}

export function wireTokens() {
  form().addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = field(form(), 'name', HTMLInputElement);
    const role = /** @type {Role} */ (field(form(), 'role', HTMLSelectElement).value);
    try {
      const made = await createToken({ name: name.value.trim(), role });
      byId('token-secret', HTMLOutputElement).value = made.token;
      byId('token-made', HTMLElement).hidden = false;
      byId('token-made-for', HTMLElement).textContent = `${made.record.name} (${made.record.role})`;
      name.value = '';
      await render();
    } catch (error) {
      failed('No token made', error);
    }
  });
  byId('token-copy', HTMLButtonElement).addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(byId('token-secret', HTMLOutputElement).value);
      say('The token is on the clipboard.');
    } catch {
      say('The browser did not allow copying; select the token and copy it.', 'error');
    }
  });
}
