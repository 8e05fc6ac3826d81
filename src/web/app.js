// @ts-check
// The review page's entry: wires the views together, follows the URL and starts the session.
// Each view lives in its own folder (review/, upload/, glossary/, export/, admin/, session/);
// lib/ holds what they share.
/** @import { SessionAnswer } from '../api/views/page-api.ts' */
/** @import { ViewName } from './lib/views.js' */
import { openAudit, wireAudit } from './admin/audit-view.js';
import { openTokens, wireTokens } from './admin/tokens-view.js';
import { openExport } from './export/export-view.js';
import { fillEntryForm, wireEntryForm } from './glossary/entry-form.js';
import { loadGlossaryMeta } from './glossary/glossary-meta.js';
import { openGlossary, searchGlossary, showEntry, wireGlossary } from './glossary/glossary-view.js';
import { messageOf, whenSessionEnds } from './lib/api.js';
import { byId, closestTarget } from './lib/dom.js';
import { getSession, listBatches } from './lib/endpoints.js';
import { route, setRoute, whenNavigated } from './lib/route.js';
import { say } from './lib/status.js';
import { wireTheme } from './lib/theme.js';
import { isViewName, registerView, showView } from './lib/views.js';
import { wireCorrectDialog } from './review/correct-dialog.js';
import { chooseBatch, filtersAsRoute, onFiltersChanged, setBatchOptions } from './review/filters.js';
import { forgetDocuments, forgetEverything } from './review/review-cache.js';
import { wireReviewKeys } from './review/review-keys.js';
import { loadQueue, openReview, wireReview } from './review/review-view.js';
import { enterSession, showSignIn, wireSession } from './session/session.js';
import { getSession as currentSession } from './session/session-state.js';
import { openUpload, resetUploads, wireUpload } from './upload/upload-view.js';
import { openSearch, wireSearch } from './search/search-view.js';

/** @type {ViewName[]} */
let allowed = [];

async function loadBatchOptions() {
  setBatchOptions((await listBatches(100)).items);
}

/** Shows the view the URL names, or the first the role may open. */
function showRoute(/** @type {URLSearchParams} */ params, push = false) {
  const wanted = params.get('view');
  const view = allowed.find((v) => v === wanted) ?? allowed[0];
  if (!view) return;
  showView(view, { push });
  if (wanted && isViewName(wanted) && wanted !== view) say(`The ${wanted} view is not open to your role.`, 'error');
}

/** @param {SessionAnswer} answer */
async function start(answer) {
  allowed = enterSession(answer);
  if (allowed.includes('review') || allowed.includes('glossary')) await loadGlossaryMeta();
  if (allowed.includes('review')) await loadBatchOptions();
  showRoute(route());
}

registerView('review', { open: (params) => void openReview(params) });
registerView('search', { open: () => openSearch() });
registerView('upload', { open: () => void openUpload() });
registerView('glossary', { open: (params) => void openGlossary(params) });
registerView('export', { open: openExport });
registerView('audit', { open: (params) => void openAudit(params) });
registerView('tokens', { open: () => void openTokens() });

byId('tabs', HTMLElement).addEventListener('click', (event) => {
  const name = closestTarget(event, 'button[data-tab]')?.dataset.tab;
  if (isViewName(name)) showView(name, { push: true });
});
whenNavigated((params) => {
  if (currentSession()) showRoute(params);
});

wireTheme();
whenSessionEnds(() => {
  resetUploads();
  showSignIn('Your session ended; sign in again.');
});
wireSession(start, resetUploads);
wireReview();
wireReviewKeys();
wireCorrectDialog();
onFiltersChanged(() => void loadQueue());
wireUpload({
  canReview: () => currentSession()?.role !== 'uploader',
  review: (batchId) => {
    chooseBatch(batchId);
    setRoute({ ...filtersAsRoute(), view: 'review', hit: null }, { push: true });
    showView('review');
  },
  uploaded: () => void (allowed.includes('review') ? loadBatchOptions() : undefined),
  finished: forgetDocuments,
});
wireGlossary();
wireEntryForm({
  saved: async (entry) => {
    await loadGlossaryMeta();
    await searchGlossary();
    if (entry) showEntry(entry);
  },
  retagStarted: forgetEverything,
});
wireAudit();
wireTokens();
wireSearch({
  // The normal glossary edit: the new-entry form with the query as its term, saved (and the
  // re-tag offered) as any admin edit is.
  addTerm: (term) => {
    showView('glossary', { push: true });
    fillEntryForm(null);
    const input = byId('entry-form', HTMLFormElement).elements.namedItem('term');
    if (input instanceof HTMLInputElement) input.value = term;
  },
});

try {
  const data = await getSession();
  if (data.signedIn) await start(data);
  else showSignIn();
} catch (error) {
  say(`The service did not answer: ${messageOf(error)}`, 'error');
}
