// @ts-check
/** @import { DecisionRequest, HitView } from '../../api/views/page-api.ts' */
import { messageOf, statusOf } from '../lib/api.js';
import { byId } from '../lib/dom.js';
import { postDecision } from '../lib/endpoints.js';
import { say } from '../lib/status.js';
import { currentFilters } from './filters.js';
import { renderCard, renderKwic } from './hit-card.js';
import { HitQueue } from './hit-queue.js';
import { drawBoxes, prefetchImage, redrawOnResize, renderImage } from './image-pane.js';
import { detailOf, documentOf, forgetDetail, forgetKwic, kwicOf } from './review-cache.js';
import { renderText, setScript, wireTextPane } from './text-pane.js';

/** The review: the queue of hits, one shown at a time with its screenshot, text and card. */

let queue = new HitQueue({});
let busy = false;

/** The hit being looked at, if any. */
export function currentHit() {
  return queue.current;
}

/** Whether the reviewer (screenshot, text and card) is on screen. */
export function reviewing() {
  return !byId('review', HTMLElement).hidden && !byId('reviewer', HTMLElement).hidden;
}

/** Whether a queue was loaded since the page started. */
export function queueLoaded() {
  return queue.index >= 0;
}

function renderCounter() {
  const c = queue.counts;
  if (!c) return;
  const counter = byId('counter', HTMLElement);
  counter.textContent = `reviewed ${c.total - c.pending} / ${c.total}`;
  counter.dataset.reviewed = String(c.total - c.pending);
  counter.dataset.total = String(c.total);
}

/** Loads the queue for the filters of the form and shows its first hit. */
export async function loadQueue() {
  const q = new HitQueue(currentFilters());
  queue = q;
  try {
    await q.load(undefined);
    if (queue !== q) return;
    renderCounter();
    byId('queue-empty', HTMLElement).hidden = q.items.length > 0;
    byId('reviewer', HTMLElement).hidden = q.items.length === 0;
    if (q.items.length > 0) await showHit(0);
  } catch (error) {
    say(`Could not load hits: ${messageOf(error)}`, 'error');
  }
}

/** The next hit's document, detail and image are fetched while the current one is read. */
function prefetch(/** @type {number} */ index) {
  const hit = queue.items[index];
  if (!hit) return;
  void documentOf(hit.sha256).catch(() => undefined);
  void detailOf(hit.id).catch(() => undefined);
  prefetchImage(hit.sha256);
}

async function showHit(/** @type {number} */ index) {
  const q = queue;
  const hit = q.items[index];
  if (!hit) return;
  q.index = index;
  const [doc, detail] = await Promise.all([documentOf(hit.sha256), detailOf(hit.id)]);
  if (queue !== q || q.index !== index) return;
  // The queue entry may be older than the detail (a decision elsewhere): the detail wins.
  Object.assign(hit, detail.hit);
  byId('position', HTMLElement).textContent = `hit ${index + 1} of ${q.items.length}${q.nextCursor ? '+' : ''}`;
  renderImage(doc, hit);
  renderText(doc, hit);
  renderCard(detail, hit);
  void renderKwic(hit, kwicOf(hit.entryId), () => queue.current?.id === hit.id);
  prefetch(index + 1);
}

/** Shows the hit `step` places away in the queue. */
export async function move(/** @type {number} */ step) {
  const q = queue;
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
  const hit = q.current;
  if (!hit || busy) return;
  busy = true;
  try {
    const data = await postDecision(hit.id, hit.etag, { decision, ...extra });
    const before = hit.reviewStatus;
    Object.assign(hit, data.hit);
    forgetDetail(hit.id);
    // The document's own copy of the hit drives the marks and boxes.
    const doc = await documentOf(hit.sha256);
    const inDoc = doc.hits.find((h) => h.id === hit.id);
    if (inDoc) Object.assign(inDoc, data.hit);
    forgetKwic(hit.entryId);
    if (q.counts) {
      if (before === 'pending') q.counts.pending -= 1;
      renderCounter();
    }
    say(`${hit.matched}: ${data.hit.reviewStatus}.`);
    await move(1);
  } catch (error) {
    if (statusOf(error) === 412) {
      say('Someone decided on this hit meanwhile; it has been reloaded. Decide again.', 'error');
      forgetDetail(hit.id);
      await showHit(q.index);
    } else say(`Not saved: ${messageOf(error)}`, 'error');
  } finally {
    busy = false;
  }
}

/** Redraws what depends on the current hit's document (after a script change or a resize). */
function redraw(/** @type {(doc: import('../../api/views/page-api.ts').DocumentAnswer, hit: HitView) => void} */ render) {
  const hit = queue.current;
  if (hit) void documentOf(hit.sha256).then((doc) => render(doc, hit));
}

/** Changes the script of the text and shows it. */
export function showScript(/** @type {import('./text-pane.js').ScriptView} */ script) {
  setScript(script);
  redraw(renderText);
}

export function wireReview() {
  redrawOnResize(() => redraw(drawBoxes));
  wireTextPane({
    scriptChanged: () => redraw(renderText),
    markClicked: (hitId) => {
      const index = queue.indexOf(hitId);
      if (index >= 0) void showHit(index);
    },
  });
  byId('confirm', HTMLButtonElement).addEventListener('click', () => void decide('confirm'));
  byId('reject', HTMLButtonElement).addEventListener('click', () => void decide('reject'));
  byId('next', HTMLButtonElement).addEventListener('click', () => void move(1));
  byId('prev', HTMLButtonElement).addEventListener('click', () => void move(-1));
  byId('help-button', HTMLButtonElement).addEventListener('click', () => byId('help', HTMLDialogElement).showModal());
}
