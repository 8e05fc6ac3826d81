// @ts-check
/** @import { DecisionRequest } from '../../api/views/page-api.ts' */
import { byId, field } from '../lib/dom.js';
import { say } from '../lib/status.js';
import { documentOf } from './review-cache.js';
import { currentHit, decide } from './review-view.js';

const dialog = () => byId('correct-dialog', HTMLDialogElement);
const form = () => byId('correct-form', HTMLFormElement);
const input = (/** @type {string} */ name) => field(form(), name, HTMLInputElement);
const note = () => field(form(), 'note', HTMLTextAreaElement);

/** Opens the correction of the current hit, filled with what the hit says now. */
export function openCorrect() {
  const hit = currentHit();
  if (!hit) return;
  input('entryId').value = hit.entryId;
  input('start').value = String(hit.start);
  input('end').value = String(hit.end);
  input('reading').value = '';
  note().value = '';
  void updateSpanPreview();
  dialog().showModal();
  input('entryId').focus();
}

async function updateSpanPreview() {
  const hit = currentHit();
  if (!hit) return;
  const doc = await documentOf(hit.sha256);
  const chars = [...doc.text];
  byId('span-preview', HTMLElement).textContent = chars.slice(Number(input('start').value), Number(input('end').value)).join('');
}

/** What the form changes of the hit; empty when it changes nothing. */
function correctionOf(/** @type {import('../../api/views/page-api.ts').HitView} */ hit) {
  /** @type {NonNullable<DecisionRequest['correction']>} */
  const correction = {};
  const entryId = input('entryId').value.trim();
  if (entryId && entryId !== hit.entryId) correction.entryId = entryId;
  const start = Number(input('start').value);
  const end = Number(input('end').value);
  if (Number.isInteger(start) && Number.isInteger(end) && (start !== hit.start || end !== hit.end)) Object.assign(correction, { start, end });
  const reading = input('reading').value.trim();
  if (reading) correction.reading = reading;
  return correction;
}

export function wireCorrectDialog() {
  byId('correct', HTMLButtonElement).addEventListener('click', () => openCorrect());
  input('start').addEventListener('input', () => void updateSpanPreview());
  input('end').addEventListener('input', () => void updateSpanPreview());
  dialog().addEventListener('close', () => {
    const hit = currentHit();
    if (dialog().returnValue !== 'save' || !hit) return;
    const correction = correctionOf(hit);
    const text = note().value.trim();
    if (Object.keys(correction).length === 0) {
      say('Nothing was corrected: change the entry, the span or the reading.', 'error');
      return;
    }
    void decide('correct', { correction, ...(text ? { note: text } : {}) });
  });
}
