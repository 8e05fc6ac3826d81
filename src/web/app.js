// @ts-check
// The review page's entry: wires the views together and starts the session. Each view lives in
// its own module (review/, upload/, glossary/, export/, session/); lib/ holds what they share.
/** @import { SessionAnswer } from '../api/views/page-api.ts' */
import { openExport } from './export/export-view.js';
import { wireEntryForm } from './glossary/entry-form.js';
import { loadGlossaryMeta } from './glossary/glossary-meta.js';
import { openGlossary, searchGlossary, wireGlossary } from './glossary/glossary-view.js';
import { messageOf, whenSessionEnds } from './lib/api.js';
import { byId, closestTarget } from './lib/dom.js';
import { getSession, listBatches } from './lib/endpoints.js';
import { say } from './lib/status.js';
import { isViewName, registerView, showView } from './lib/views.js';
import { wireCorrectDialog } from './review/correct-dialog.js';
import { chooseBatch, onFiltersApplied, setBatchOptions } from './review/filters.js';
import { forgetDocuments, forgetEverything } from './review/review-cache.js';
import { wireReviewKeys } from './review/review-keys.js';
import { loadQueue, queueLoaded, wireReview } from './review/review-view.js';
import { enterSession, showSignIn, wireSession } from './session/session.js';
import { getSession as currentSession } from './session/session-state.js';
import { wireUpload } from './upload/upload-view.js';

async function loadBatchOptions() {
  setBatchOptions((await listBatches(100)).items);
}

/** @param {SessionAnswer} answer */
async function start(answer) {
  const allowed = enterSession(answer);
  if (allowed.includes('review') || allowed.includes('glossary')) await loadGlossaryMeta();
  await loadBatchOptions();
  if (allowed[0]) showView(allowed[0]);
}

registerView('review', { open: () => void (queueLoaded() ? undefined : loadQueue()) });
registerView('upload', { open: () => undefined });
registerView('glossary', { open: openGlossary });
registerView('export', { open: openExport });

byId('tabs', HTMLElement).addEventListener('click', (event) => {
  const name = closestTarget(event, 'button[data-tab]')?.dataset.tab;
  if (isViewName(name)) showView(name);
});

whenSessionEnds(() => showSignIn('Your session ended; sign in again.'));
wireSession(start);
wireReview();
wireReviewKeys();
wireCorrectDialog();
onFiltersApplied(() => void loadQueue());
wireUpload({
  canReview: () => currentSession()?.role !== 'uploader',
  review: (batchId) => {
    chooseBatch(batchId);
    showView('review');
    void loadQueue();
  },
  uploaded: () => void loadBatchOptions(),
  finished: forgetDocuments,
});
wireGlossary();
wireEntryForm({
  saved: async () => {
    await loadGlossaryMeta();
    await searchGlossary();
  },
  retagStarted: forgetEverything,
});

try {
  const data = await getSession();
  if (data.signedIn) await start(data);
  else showSignIn();
} catch (error) {
  say(`The service did not answer: ${messageOf(error)}`, 'error');
}
