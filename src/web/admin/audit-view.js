// @ts-check
/** @import { AuditEntryRecord, BatchView } from '../../api/views/page-api.ts' */
import { byId, el, field } from '../lib/dom.js';
import { listAudit, listBatches } from '../lib/endpoints.js';
import { setRoute } from '../lib/route.js';
import { failed } from '../lib/status.js';

/**
 * The audit log for admins, newest first, times in the reader's locale. The API filters by
 * subject only, so a batch is asked of the API (its entries have the batch as subject) and who,
 * action and entry are filtered here over the latest LIMIT entries, which the page says.
 */

const LIMIT = 1000;
const TYPING_MS = 250;

const form = () => byId('audit-filters', HTMLFormElement);
const who = () => field(form(), 'actor', HTMLInputElement);
const action = () => field(form(), 'action', HTMLSelectElement);
const entry = () => field(form(), 'entry', HTMLInputElement);
const batch = () => field(form(), 'batch', HTMLSelectElement);

/** @type {AuditEntryRecord[]} */
let loaded = [];
let loadedFor = '';

/** "key=value, …" of an entry's details, for reading, not for parsing. */
function detailsText(/** @type {Record<string, unknown>} */ details) {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

const when = (/** @type {string} */ at) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function matches(/** @type {AuditEntryRecord} */ a) {
  const actor = who().value.trim().toLowerCase();
  const entryId = entry().value.trim();
  return (
    (!actor || a.actor.toLowerCase().includes(actor)) &&
    (!action().value || a.action === action().value) &&
    (!entryId || a.subject === entryId || a.details.entryId === entryId)
  );
}

function render() {
  const shown = loaded.filter(matches);
  byId('audit-rows', HTMLElement).replaceChildren(
    ...shown.map((a) =>
      el(
        'tr',
        { dataset: { action: a.action } },
        el('td', { dataset: { label: 'When' } }, el('time', { datetime: a.at }, when(a.at))),
        el('td', { dataset: { label: 'Who' } }, a.actor),
        el('td', { dataset: { label: 'Action' } }, a.action),
        el('td', { class: 'subject', dataset: { label: 'Subject' } }, a.subject),
        el('td', { class: 'details', dataset: { label: 'Details' } }, detailsText(a.details)),
      ),
    ),
  );
  byId('audit-count', HTMLElement).textContent =
    `${shown.length} of the latest ${loaded.length} entr${loaded.length === 1 ? 'y' : 'ies'}${loaded.length === LIMIT ? ` (the API gives ${LIMIT} at most)` : ''}`;
}

function setActions() {
  const chosen = action().value;
  const actions = [...new Set([...loaded.map((a) => a.action), ...(chosen ? [chosen] : [])])].sort();
  action().replaceChildren(el('option', { value: '' }, 'any'), ...actions.map((a) => el('option', { value: a }, a)));
  action().value = chosen;
}

function setBatches(/** @type {BatchView[]} */ batches) {
  const chosen = batch().value;
  batch().replaceChildren(el('option', { value: '' }, 'any'), ...batches.map((b) => el('option', { value: b.id }, b.name)));
  if (chosen && !batches.some((b) => b.id === chosen)) batch().append(el('option', { value: chosen }, chosen));
  batch().value = chosen;
}

async function load() {
  const subject = batch().value;
  const { items } = await listAudit({ limit: LIMIT, ...(subject ? { subject } : {}) });
  loaded = items;
  loadedFor = subject;
  setActions();
  render();
}

export async function openAudit(/** @type {URLSearchParams} */ params) {
  try {
    setBatches((await listBatches(100)).items);
    who().value = params.get('actor') ?? '';
    entry().value = params.get('aentry') ?? '';
    const chosenBatch = params.get('abatch') ?? '';
    if (chosenBatch && ![...batch().options].some((o) => o.value === chosenBatch)) batch().append(el('option', { value: chosenBatch }, chosenBatch));
    batch().value = chosenBatch;
    const chosenAction = params.get('action') ?? '';
    if (chosenAction) action().replaceChildren(el('option', { value: '' }, 'any'), el('option', { value: chosenAction }, chosenAction));
    action().value = chosenAction;
    await load();
  } catch (error) {
    failed('Could not load the audit log', error);
  }
}

export function wireAudit() {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typing;
  const changed = () => {
    clearTimeout(typing);
    setRoute({ actor: who().value.trim(), action: action().value, aentry: entry().value.trim(), abatch: batch().value }, { push: true });
    if (batch().value !== loadedFor) void load().catch((error) => failed('Could not load the audit log', error));
    else render();
  };
  form().addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  form().addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) changed();
  });
  for (const input of [who(), entry()]) {
    input.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(changed, TYPING_MS);
    });
  }
  byId('audit-refresh', HTMLButtonElement).addEventListener('click', () => void load().catch((error) => failed('Could not load the audit log', error)));
}
