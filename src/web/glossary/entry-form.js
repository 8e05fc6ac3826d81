// @ts-check
/** @import { EntryRequest, GlossaryEntryView } from '../../api/views/page-api.ts' */
import { messageOf } from '../lib/api.js';
import { byId, field } from '../lib/dom.js';
import { createEntry, retag, retagPreview, updateEntry } from '../lib/endpoints.js';
import { glossaryMeta } from './glossary-meta.js';

/** The admin's form to add or change a glossary entry, and the re-tag it offers after a change. */

const form = () => byId('entry-form', HTMLFormElement);
const input = (/** @type {string} */ name) => field(form(), name, HTMLInputElement);
const area = (/** @type {string} */ name) => field(form(), name, HTMLTextAreaElement);
const category = () => field(form(), 'category', HTMLSelectElement);
const result = () => byId('entry-result', HTMLElement);
const retagButton = () => byId('retag', HTMLButtonElement);

/** Fills the form with an entry to change, or empties it for a new one (null). */
export function fillEntryForm(/** @type {GlossaryEntryView | null} */ entry) {
  const f = form();
  f.hidden = false;
  f.dataset.mode = entry ? 'edit' : 'new';
  byId('entry-form-title', HTMLElement).textContent = entry ? `Edit ${entry.id}` : 'New entry';
  input('id').value = entry?.id ?? '';
  input('id').readOnly = Boolean(entry);
  input('term').value = entry?.term ?? '';
  area('traditional').value = (entry?.traditional ?? []).join('\n');
  area('variants').value = (entry?.variants ?? []).join('\n');
  area('deprecated').value = (entry?.deprecated ?? []).join('\n');
  area('english').value = (entry?.english ?? []).join('\n');
  category().value = entry?.category ?? glossaryMeta.categories[0] ?? '';
  area('note').value = entry?.note ?? '';
  area('source').value = (entry?.source ?? []).join('\n');
  result().textContent = '';
  resetRetag();
}

const RETAG_LABEL = 'Re-tag stored documents';

/** The re-tag button asks first: its first press counts what the re-tag would do, the second runs it. */
function resetRetag() {
  retagButton().hidden = true;
  retagButton().textContent = RETAG_LABEL;
  delete retagButton().dataset.previewed;
}

/** @param {import('../../api/views/page-api.ts').RetagPreviewAnswer} p */
function previewText(p) {
  const plural = (/** @type {number} */ n, /** @type {string} */ one, /** @type {string} */ many) => `${n} ${n === 1 ? one : many}`;
  return (
    `A re-tag of ${plural(p.documents, 'document', 'documents')} with glossary ${p.glossaryVersion.slice(0, 12)} keeps ` +
    `${plural(p.kept, 'decision', 'decisions')}; ${plural(p.reopened, 'goes', 'go')} back to pending (the hit changed); ` +
    `${plural(p.withdrawn, 'is', 'are')} withdrawn (no longer found: kept, and exported); ${plural(p.added, 'new hit', 'new hits')}.`
  );
}

const lines = (/** @type {string} */ v) => v.split('\n').map((s) => s.trim()).filter(Boolean);

/** @returns {EntryRequest} */
function entryOfForm() {
  const note = area('note').value.trim();
  return {
    term: input('term').value.trim(),
    traditional: lines(area('traditional').value),
    variants: lines(area('variants').value),
    deprecated: lines(area('deprecated').value),
    english: lines(area('english').value),
    category: category().value,
    source: lines(area('source').value),
    ...(note ? { note } : {}),
  };
}

/**
 * After a save the form shows the entry as the glossary now holds it (the merge may have added to
 * it), not what it held before the lists were reloaded.
 * @param {{ saved(entry: GlossaryEntryView | null): Promise<void>, retagStarted(): void }} on
 */
export function wireEntryForm(on) {
  byId('new-entry', HTMLButtonElement).addEventListener('click', () => fillEntryForm(null));
  form().addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const creating = form().dataset.mode === 'new';
      const entry = entryOfForm();
      const data = creating ? await createEntry(input('id').value.trim(), entry) : await updateEntry(input('id').value, entry);
      const message = data.changed
        ? `Saved: glossary ${data.versionBefore.slice(0, 12)} → ${data.versionAfter.slice(0, 12)}.${data.warnings.length ? ` Warnings: ${data.warnings.join('; ')}` : ''}`
        : 'Nothing to change: the glossary already says this.';
      await on.saved(data.entry);
      if (data.entry) fillEntryForm(data.entry);
      result().textContent = message;
      resetRetag();
      retagButton().hidden = !data.retag.offered;
    } catch (error) {
      result().textContent = `Not saved: ${messageOf(error)}`;
    }
  });
  retagButton().addEventListener('click', async () => {
    const button = retagButton();
    try {
      if (!button.dataset.previewed) {
        button.disabled = true;
        result().textContent = 'Counting what a re-tag would change…';
        result().textContent = previewText(await retagPreview());
        button.dataset.previewed = 'yes';
        button.textContent = 'Run the re-tag';
        return;
      }
      const data = await retag();
      result().textContent = `Re-tagging ${data.documents} document(s) with glossary ${data.glossaryVersion.slice(0, 12)}.`;
      resetRetag();
      on.retagStarted();
    } catch (error) {
      result().textContent = `Re-tag refused: ${messageOf(error)}`;
    } finally {
      button.disabled = false;
    }
  });
}
