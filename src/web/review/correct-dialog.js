// @ts-check
/** @import { DecisionRequest, GlossaryEntryView, HitView } from '../../api/views/page-api.ts' */
import { EntryPicker } from '../glossary/entry-picker.js';
import { byId, field } from '../lib/dom.js';
import { langOf } from '../lib/lang.js';
import { say } from '../lib/status.js';
import { documentOf } from './review-cache.js';
import { currentHit, decide } from './review-view.js';
import { clearSelection, lengthOf, markSpan, selectionEnds } from './span-selection.js';
import { setSelecting, textPane, whenTextRendered } from './text-pane.js';

/**
 * Correcting a hit: the right span is selected in the text itself (with the mouse, or with
 * Shift+←/→ while the text has the focus), the right entry is found by typing its term, English
 * or id. The panel is a non-modal dialog beside the text, so the text stays selectable. The
 * span is shown by a highlight; a mouse selection is taken over by it when the button is let go.
 */

const dialog = () => byId('correct-dialog', HTMLDialogElement);
const form = () => byId('correct-form', HTMLFormElement);
const reading = () => field(form(), 'reading', HTMLInputElement);
const note = () => field(form(), 'note', HTMLTextAreaElement);

/** The hit being corrected and the span chosen so far (anchor and focus, in code points). */
/** @type {{ hit: HitView, chars: string[], anchor: number, focus: number } | null} */
let open = null;

/** @type {EntryPicker} */
let picker;

const spanOf = (/** @type {NonNullable<typeof open>} */ o) => ({ start: Math.min(o.anchor, o.focus), end: Math.max(o.anchor, o.focus) });

function renderSpan() {
  if (!open) return;
  const { start, end } = spanOf(open);
  const preview = byId('span-preview', HTMLElement);
  const was = open.hit.matched;
  const now = open.chars.slice(start, end).join('');
  preview.textContent = start === open.hit.start && end === open.hit.end ? `${was} (as tagged)` : `${was} → ${now}`;
  preview.dataset.start = String(start);
  preview.dataset.end = String(end);
}

function renderEntry(/** @type {GlossaryEntryView | null} */ entry) {
  const chosen = byId('entry-chosen', HTMLElement);
  if (!open) return;
  chosen.textContent = entry && entry.id !== open.hit.entryId ? `entry → ${entry.term} · ${entry.english[0] ?? ''} (${entry.id})` : `entry stays ${open.hit.term} (${open.hit.entryId})`;
}

/** Opens the correction of the current hit, its span selected in the text. */
export async function openCorrect() {
  const hit = currentHit();
  if (!hit) return;
  const doc = await documentOf(hit.sha256);
  open = { hit, chars: [...doc.text], anchor: hit.start, focus: hit.end };
  picker.reset();
  reading().value = '';
  note().value = '';
  byId('span-preview', HTMLElement).lang = langOf(doc.script);
  renderSpan();
  renderEntry(null);
  setSelecting(true);
  dialog().show();
  const pane = textPane();
  document.getSelection()?.removeAllRanges();
  pane.focus();
  markSpan(pane, hit.start, hit.end);
}

function close() {
  open = null;
  setSelecting(false);
  clearSelection();
}

/** Shift+←/→ move the focus end of the span, ←/→ alone move a caret; Escape gives up. */
function onTextKey(/** @type {KeyboardEvent} */ event) {
  if (!open) return;
  if (event.key === 'Escape') {
    event.preventDefault();
    dialog().close('cancel');
    return;
  }
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  event.preventDefault();
  const step = event.key === 'ArrowRight' ? 1 : -1;
  const length = lengthOf(textPane());
  const clamp = (/** @type {number} */ n) => Math.max(0, Math.min(length, n));
  if (event.shiftKey) open.focus = clamp(open.focus + step);
  else {
    // Like a text field: an arrow first collapses the selection to its side, then moves.
    const { start, end } = spanOf(open);
    const at = open.anchor === open.focus ? clamp(open.focus + step) : step > 0 ? end : start;
    open.anchor = at;
    open.focus = at;
  }
  const { start, end } = spanOf(open);
  markSpan(textPane(), start, end);
  renderSpan();
}

/**
 * A selection made with the mouse becomes the span as it is made; once the button is let go the
 * browser's selection is dropped (the highlight stays), so the next drag starts a new one.
 */
function onSelectionChange() {
  if (!open) return;
  const ends = selectionEnds(textPane());
  if (!ends) return;
  open.anchor = ends.anchor;
  open.focus = ends.focus;
  const { start, end } = spanOf(open);
  markSpan(textPane(), start, end);
  renderSpan();
}

function onMouseUp() {
  if (!open) return;
  onSelectionChange();
  if (selectionEnds(textPane())) document.getSelection()?.removeAllRanges();
}

/** What the panel changes of the hit; empty when it changes nothing. */
function correctionOf(/** @type {NonNullable<typeof open>} */ o) {
  /** @type {NonNullable<DecisionRequest['correction']>} */
  const correction = {};
  if (picker.picked && picker.picked.id !== o.hit.entryId) correction.entryId = picker.picked.id;
  const { start, end } = spanOf(o);
  if (end > start && (start !== o.hit.start || end !== o.hit.end)) Object.assign(correction, { start, end });
  const text = reading().value.trim();
  if (text) correction.reading = text;
  return correction;
}

export function wireCorrectDialog() {
  picker = new EntryPicker(byId('entry-search', HTMLInputElement), byId('entry-suggestions', HTMLUListElement), renderEntry);
  byId('correct', HTMLButtonElement).addEventListener('click', () => void openCorrect());
  textPane().addEventListener('keydown', onTextKey);
  textPane().addEventListener('mouseup', onMouseUp);
  document.addEventListener('selectionchange', onSelectionChange);
  form().addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) dialog().close('cancel');
  });
  byId('span-reset', HTMLButtonElement).addEventListener('click', () => {
    if (!open) return;
    open.anchor = open.hit.start;
    open.focus = open.hit.end;
    markSpan(textPane(), open.anchor, open.focus);
    renderSpan();
  });
  // The text is drawn again (another script, a decision): the span is marked again; another hit
  // shown ends the correction.
  whenTextRendered((hitId) => {
    if (!open) return;
    if (hitId !== open.hit.id) dialog().close('cancel');
    else markSpan(textPane(), spanOf(open).start, spanOf(open).end);
  });
  dialog().addEventListener('close', () => {
    const o = open;
    close();
    if (dialog().returnValue !== 'save' || !o) return;
    const correction = correctionOf(o);
    const text = note().value.trim();
    if (Object.keys(correction).length === 0) {
      say('Nothing was corrected: select another span, pick another entry or type the reading.', 'error');
      return;
    }
    if (currentHit()?.id !== o.hit.id) return;
    void decide('correct', { correction, ...(text ? { note: text } : {}) });
  });
}
