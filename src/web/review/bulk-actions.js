// @ts-check
/** @import { BulkHitState, BulkRequest, HitFilterParams, HitView } from '../../api/views/page-api.ts' */
/** @import { Selection } from './selection.js' */
import { ApiError, statusOf } from '../lib/api.js';
import { byId } from '../lib/dom.js';
import { postBulkDecision, previewBulk, undoBulkDecision } from '../lib/endpoints.js';
import { failed, say } from '../lib/status.js';

/**
 * The bulk bar: confirm or reject the selected hits (or every hit matching the filter) at once,
 * after a dialog that says how many; and the undo of the last bulk action. The service decides
 * all of them or none; a conflict says which hits someone decided on meanwhile.
 */

/**
 * @typedef {object} BulkDeps
 * @property {() => { items: HitView[], filters: HitFilterParams, total: number } | null} queue
 * @property {() => Selection} selection
 * @property {(states: BulkHitState[]) => Promise<void>} applied the page takes the hits' new states
 * @property {(ids: string[]) => Promise<void>} reload fresher copies of hits someone else decided on
 * @property {() => void} changed the selection changed
 */

/** @type {Record<'confirm' | 'reject', [string, string]>} */
const VERB = { confirm: ['Confirm', 'confirmed'], reject: ['Reject', 'rejected'] };

/** @type {{ bulkId: string, decision: 'confirm' | 'reject', count: number } | null} */
let last = null;
let busy = false;

/** Shows what is selected and what the buttons would do. */
export function renderBulkBar(/** @type {Selection} */ selection, /** @type {number} */ total) {
  const count = byId('selection-count', HTMLElement);
  count.textContent = selection.matching ? `all ${selection.size} matching the filter selected` : `${selection.size} selected`;
  count.dataset.count = String(selection.size);
  for (const id of ['bulk-confirm', 'bulk-reject', 'selection-clear']) byId(id, HTMLButtonElement).disabled = selection.size === 0;
  byId('select-matching', HTMLButtonElement).textContent = `Select all ${total} matching the filter`;
  const undo = byId('bulk-undo', HTMLButtonElement);
  undo.hidden = last === null;
  undo.textContent = last ? `Undo: ${VERB[last.decision][0].toLowerCase()} of ${last.count} hits` : 'Undo';
}

/** Asks before it runs, with the count; resolves true when the person says go. */
function ask(/** @type {string} */ question, /** @type {string} */ action) {
  const dialog = byId('bulk-dialog', HTMLDialogElement);
  byId('bulk-question', HTMLElement).textContent = question;
  byId('bulk-run', HTMLButtonElement).textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  byId('bulk-run', HTMLButtonElement).focus();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'run'), { once: true }));
}

/** @param {'confirm' | 'reject'} decision @param {BulkDeps} deps */
async function run(decision, deps) {
  const q = deps.queue();
  const selection = deps.selection();
  const n = selection.size;
  if (!q || n === 0 || busy) return;
  const [Verb, verbed] = VERB[decision];
  const matching = selection.matching;
  const question = matching ? `${Verb} all ${n} hits matching the filter?` : `${Verb} the ${n} selected hits?`;
  if (!(await ask(question, `${Verb} ${n} hits`))) return;
  /** @type {BulkRequest} */
  const body = matching
    ? { decision, filter: matching.filters, expect: matching.preview }
    : { decision, hits: selection.chosen(q.items).map((h) => ({ id: h.id, etag: h.etag })) };
  busy = true;
  try {
    const answer = await postBulkDecision(body);
    last = { bulkId: answer.bulkId, decision, count: answer.count };
    selection.clear();
    await deps.applied(answer.hits);
    say(`${answer.count} hits ${verbed}.`);
  } catch (error) {
    if (statusOf(error) !== 412 || !(error instanceof ApiError)) return failed('Not decided', error);
    const details = error.details ?? {};
    if (error.code === 'HIT_SET_CHANGED' && matching) {
      const preview = { count: Number(details.count), tag: String(details.tag) };
      selection.selectMatching(matching.filters, preview);
      say(`Nothing was decided: the filters now select ${preview.count} hits, or some were decided meanwhile. Look again.`, 'error');
    } else {
      const conflicts = /** @type {{ id: string }[]} */ (Array.isArray(details.conflicts) ? details.conflicts : []);
      await deps.reload(conflicts.map((c) => c.id));
      say(`Nothing was decided: someone decided on ${conflicts.length} of the selected hits meanwhile (reloaded). Look again.`, 'error');
    }
  } finally {
    busy = false;
    deps.changed();
  }
}

/** @param {BulkDeps} deps */
async function undoLast(deps) {
  if (!last || busy) return;
  const undone = last;
  busy = true;
  try {
    const answer = await undoBulkDecision(undone.bulkId);
    last = null;
    await deps.applied(answer.hits);
    if (answer.conflicts.length > 0) await deps.reload(answer.conflicts.map((c) => c.id));
    const left = answer.conflicts.length;
    say(`Undone for ${answer.count} hits${left ? `; ${left} decided on since were left as they are` : ''}.`);
  } catch (error) {
    if (statusOf(error) === 412) last = null;
    failed('Not undone', error);
  } finally {
    busy = false;
    deps.changed();
  }
}

/** @param {BulkDeps} deps */
async function selectMatching(deps) {
  const q = deps.queue();
  if (!q) return;
  try {
    const preview = await previewBulk(q.filters);
    deps.selection().selectMatching(q.filters, preview);
    say(`All ${preview.count} hits matching the filter are selected.`);
    deps.changed();
  } catch (error) {
    failed('Could not count the hits', error);
  }
}

/** @param {BulkDeps} deps */
export function wireBulk(deps) {
  byId('bulk-confirm', HTMLButtonElement).addEventListener('click', () => void run('confirm', deps));
  byId('bulk-reject', HTMLButtonElement).addEventListener('click', () => void run('reject', deps));
  byId('bulk-undo', HTMLButtonElement).addEventListener('click', () => void undoLast(deps));
  byId('select-matching', HTMLButtonElement).addEventListener('click', () => void selectMatching(deps));
  byId('selection-clear', HTMLButtonElement).addEventListener('click', () => {
    deps.selection().clear();
    deps.changed();
  });
}
