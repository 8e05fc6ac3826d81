// @ts-check
/** @import { DecisionRequest, DocumentAnswer, HitFilterParams, HitView } from '../../api/views/page-api.ts' */
/** @import { ScriptView } from './text-pane.js' */
import { byId, el } from '../lib/dom.js';
import { setRoute } from '../lib/route.js';
import { failed, say } from '../lib/status.js';
import { shownView } from '../lib/views.js';
import { decideOn } from './decisions.js';
import { currentFilters, documentFilterOf, renderDocumentChip, setFiltersFromRoute } from './filters.js';
import { renderCard, renderKwic } from './hit-card.js';
import { HitQueue } from './hit-queue.js';
import { drawBoxes, prefetchImage, redrawOnResize, renderImage } from './image-pane.js';
import { detailOf, documentOf, kwicOf } from './review-cache.js';
import { renderText, setScript, wireTextPane } from './text-pane.js';

/** The review: the queue of hits, one shown at a time with its screenshot, text and card. */

/** @type {HitQueue | null} */
let queue = null;
let busy = false;

/** The hit being looked at, if any. */
export function currentHit() {
  return queue?.current;
}

/** Whether the reviewer (screenshot, text and card) is on screen. */
export function reviewing() {
  return !byId('review', HTMLElement).hidden && !byId('reviewer', HTMLElement).hidden;
}

function renderCounter() {
  const c = queue?.counts;
  if (!c) return;
  const counter = byId('counter', HTMLElement);
  counter.textContent = `reviewed ${c.total - c.pending} / ${c.total}`;
  counter.dataset.reviewed = String(c.total - c.pending);
  counter.dataset.total = String(c.total);
}

function renderPosition() {
  if (!queue) return;
  const position = byId('position', HTMLElement);
  const at = queue.position;
  position.textContent = `hit ${at ?? '…'} of ${queue.total}`;
  position.dataset.position = at === null ? '' : String(at);
  position.dataset.total = String(queue.total);
}

const sameFilters = (/** @type {HitFilterParams} */ a, /** @type {HitFilterParams} */ b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Shows what the route asks for: the queue of its filters, at its hit. A queue already loaded
 * for the same filters is kept (coming back from another view).
 */
export async function openReview(/** @type {URLSearchParams} */ params) {
  setFiltersFromRoute(params);
  const hitId = params.get('hit') ?? '';
  if (queue && sameFilters(queue.filters, currentFilters()) && (!hitId || queue.current?.id === hitId)) return;
  await loadQueue(hitId || undefined);
}

/** Loads the queue for the filters of the form and shows its first hit (or the hit `around`). */
export async function loadQueue(/** @type {string | undefined} */ around = undefined) {
  const q = new HitQueue(currentFilters());
  queue = q;
  try {
    await q.load(around);
    if (queue !== q) return;
    renderCounter();
    byId('queue-empty', HTMLElement).hidden = q.items.length > 0;
    byId('reviewer', HTMLElement).hidden = q.items.length === 0;
    if (around && q.items[0]?.id !== around) say('The linked hit is not in this queue (it was decided, or the filters leave it out); the queue goes on from its place.');
    if (q.offset === null) void q.countBefore().then(() => queue === q && renderPosition(), () => undefined);
    if (q.items.length > 0) await showHit(0);
    else if (shownView() === 'review') setRoute({ hit: null });
  } catch (error) {
    failed('Could not load hits', error);
  }
}

/** The next hit's document, detail and image are fetched while the current one is read. */
function prefetch(/** @type {number} */ index) {
  const hit = queue?.items[index];
  if (!hit) return;
  void documentOf(hit.sha256).catch(() => undefined);
  void detailOf(hit.id).catch(() => undefined);
  prefetchImage(hit.sha256);
}

/** The document's name, a link to the queue of that document (every status). */
function renderDocumentName(/** @type {DocumentAnswer} */ doc) {
  const params = new URLSearchParams({ view: 'review', document: doc.sha256, status: 'any' });
  const link = el('a', { href: `?${params}`, id: 'doc-link' }, doc.firstPath);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    // The document's queue as its link says: every hit of it, whatever the filters were.
    setRoute({ term: null, category: null, batch: null, kind: null, document: doc.sha256, status: 'any', hit: null }, { push: true });
    setFiltersFromRoute(new URLSearchParams(location.search));
    void loadQueue();
  });
  // A PDF page: the page number beside the file's name (the image pane shows its render).
  const page = doc.page ? [el('span', { id: 'doc-page', class: 'doc-page' }, ` · page ${doc.page.number} of ${doc.page.pageCount}`)] : [];
  byId('doc-name', HTMLElement).replaceChildren(link, ...page);
  if (documentFilterOf() === doc.sha256) renderDocumentChip(doc.firstPath);
}

async function showHit(/** @type {number} */ index) {
  const q = queue;
  const hit = q?.items[index];
  if (!q || !hit) return;
  q.index = index;
  const [doc, detail] = await Promise.all([documentOf(hit.sha256), detailOf(hit.id)]);
  if (queue !== q || q.index !== index) return;
  // The queue entry may be older than the detail (a decision elsewhere): the detail wins.
  Object.assign(hit, detail.hit);
  if (shownView() === 'review') setRoute({ hit: hit.id });
  renderPosition();
  renderDocumentName(doc);
  renderImage(doc, hit);
  renderText(doc, hit);
  renderCard(detail, hit, doc.script);
  void renderKwic(hit, kwicOf(hit.entryId), () => queue?.current?.id === hit.id);
  prefetch(index + 1);
}

/** Shows the hit `step` places away in the queue. */
export async function move(/** @type {number} */ step) {
  const q = queue;
  if (!q) return;
  const target = await q.indexAt(step);
  renderCounter();
  if (target === undefined) {
    say(step > 0 ? 'That was the last hit of the queue.' : 'This is the first hit of the queue.');
    return;
  }
  await showHit(target);
}

/**
 * Records a decision on the current hit and moves on to the next.
 * @param {DecisionRequest['decision']} decision
 * @param {Omit<DecisionRequest, 'decision'>} [extra]
 */
export async function decide(decision, extra = {}) {
  const q = queue;
  const hit = q?.current;
  if (!q || !hit || busy) return;
  busy = true;
  try {
    const before = hit.reviewStatus;
    const [outcome] = await decideOn([hit], { decision, ...extra });
    if (!outcome) return;
    if ('answer' in outcome) {
      if (q.counts && before === 'pending') q.counts.pending -= 1;
      renderCounter();
      say(`${hit.matched}: ${outcome.answer.hit.reviewStatus}.`);
      await move(1);
    } else if ('conflict' in outcome) {
      say('Someone decided on this hit meanwhile; it has been reloaded. Decide again.', 'error');
      await showHit(q.index);
    } else say(`Not saved: ${outcome.error}`, 'error');
  } finally {
    busy = false;
  }
}

/** Redraws what depends on the current hit's document (after a script change or a resize). */
function redraw(/** @type {(doc: DocumentAnswer, hit: HitView) => void} */ render) {
  const hit = queue?.current;
  if (hit) void documentOf(hit.sha256).then((doc) => render(doc, hit));
}

/** Changes the script of the text and shows it. */
export function showScript(/** @type {ScriptView} */ script) {
  setScript(script);
  redraw((doc, hit) => renderText(doc, hit, { scroll: false }));
}

export function wireReview() {
  redrawOnResize(() => redraw(drawBoxes));
  wireTextPane({
    scriptChanged: () => redraw((doc, hit) => renderText(doc, hit, { scroll: false })),
    markClicked: (hitId) => {
      const index = queue?.indexOf(hitId) ?? -1;
      if (index >= 0) void showHit(index);
    },
  });
  byId('confirm', HTMLButtonElement).addEventListener('click', () => void decide('confirm'));
  byId('reject', HTMLButtonElement).addEventListener('click', () => void decide('reject'));
  byId('next', HTMLButtonElement).addEventListener('click', () => void move(1));
  byId('prev', HTMLButtonElement).addEventListener('click', () => void move(-1));
  byId('help-button', HTMLButtonElement).addEventListener('click', () => byId('help', HTMLDialogElement).showModal());
}
