// @ts-check
/** @import { DocumentAnswer, HitView } from '../../api/views/page-api.ts' */
import { byId, el } from '../lib/dom.js';
import { placeBox, shownScale } from '../lib/boxes.js';
import { imageUrl } from '../lib/endpoints.js';

/** The screenshot with a box over every hit of its document, the current one highlighted. */

let zoomed = false;

const shot = () => byId('shot', HTMLImageElement);

/** CSS pixels per image pixel as the screenshot is shown now. */
const imageScale = (/** @type {DocumentAnswer} */ doc) => shownScale(shot(), doc.width);

/**
 * @param {DocumentAnswer} doc
 * @param {HitView} current
 */
export function drawBoxes(doc, current) {
  // Boxes are placed by the image's shown size: none before this document's image is loaded
  // (its load event draws them), else they would be drawn at a size of zero.
  const img = shot();
  if (img.getAttribute('src') !== imageUrl(doc.sha256) || !img.complete || img.naturalWidth === 0) return;
  const scale = imageScale(doc);
  /** @type {HTMLElement[]} */
  const nodes = [];
  for (const h of doc.hits) {
    if (h.id === current.id) continue;
    for (const box of h.boxes?.length ? h.boxes : h.bbox ? [h.bbox] : []) {
      const node = el('div', { class: `box other ${h.reviewStatus}`, dataset: { hitId: h.id } });
      placeBox(node, box, scale);
      nodes.push(node);
    }
  }
  /** @type {HTMLElement | undefined} */
  let highlight;
  if (current.bbox) {
    highlight = el('div', { class: 'box current', id: 'highlight', dataset: { hitId: current.id } });
    placeBox(highlight, current.bbox, scale);
    nodes.push(highlight);
  }
  byId('overlay', HTMLElement).replaceChildren(...nodes);
  if (highlight && zoomed) highlight.scrollIntoView({ block: 'center', inline: 'center' });
}

/**
 * Shows the document's screenshot and, once it is loaded, the boxes.
 * @param {DocumentAnswer} doc
 * @param {HitView} hit
 */
export function renderImage(doc, hit) {
  const img = shot();
  const src = imageUrl(doc.sha256);
  img.alt = doc.page ? `page ${doc.page.number} of ${doc.page.pageCount} of ${doc.firstPath}` : `screenshot ${doc.firstPath}`;
  const draw = () => drawBoxes(doc, hit);
  if (img.getAttribute('src') !== src) {
    byId('overlay', HTMLElement).replaceChildren();
    img.onload = draw;
    img.setAttribute('src', src);
  } else if (img.complete) draw();
  else img.onload = draw;
}

/** Loads the image of a hit that will be shown soon. */
export function prefetchImage(/** @type {string} */ sha256) {
  const img = new Image();
  img.src = imageUrl(sha256);
}

export function toggleZoom() {
  zoomed = !zoomed;
  byId('stage', HTMLElement).classList.toggle('zoomed', zoomed);
  byId('zoom', HTMLButtonElement).setAttribute('aria-pressed', String(zoomed));
}

/** Redraws the boxes whenever the screenshot changes size (zoom, window, layout). */
export function redrawOnResize(/** @type {() => void} */ redraw) {
  new ResizeObserver(redraw).observe(shot());
  byId('zoom', HTMLButtonElement).addEventListener('click', toggleZoom);
}
