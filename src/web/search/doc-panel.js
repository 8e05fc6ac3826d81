// @ts-check
/** @import { DocumentAnswer } from '../../api/views/page-api.ts' */
/** @import { Box } from '../../domain/geometry.ts' */
import { byId, el } from '../lib/dom.js';
import { placeBox, shownScale } from '../lib/boxes.js';
import { imageUrl } from '../lib/endpoints.js';

/**
 * The document a search result or the document browser opened: its screenshot with the span
 * outlined, and its text with the span marked. The span is given in code points of the
 * document's text, as the API gives it; its boxes are the result's (or the hit's).
 */

/** @typedef {{ start: number, end: number, bbox?: Box, boxes?: Box[] }} Span */

/** @param {DocumentAnswer} doc @param {Span | undefined} span */
function drawSpanBoxes(doc, span) {
  const img = byId('search-shot', HTMLImageElement);
  if (img.getAttribute('src') !== imageUrl(doc.sha256) || !img.complete || img.naturalWidth === 0) return;
  const scale = shownScale(img, doc.width);
  const boxes = span ? (span.boxes?.length ? span.boxes : span.bbox ? [span.bbox] : []) : [];
  const nodes = boxes.map((box) => {
    const node = el('div', { class: 'box current search-highlight' });
    placeBox(node, box, scale);
    return node;
  });
  byId('search-overlay', HTMLElement).replaceChildren(...nodes);
}

/** @type {{ doc: DocumentAnswer, span: Span | undefined } | undefined} */
let shown;

/**
 * @param {DocumentAnswer} doc
 * @param {Span | undefined} span
 */
export function showDocument(doc, span) {
  shown = { doc, span };
  byId('search-doc', HTMLElement).hidden = false;
  byId('search-doc-name', HTMLElement).textContent = `${doc.firstPath} · ${doc.script}`;
  const img = byId('search-shot', HTMLImageElement);
  const src = imageUrl(doc.sha256);
  img.alt = `screenshot ${doc.firstPath}`;
  const draw = () => shown && drawSpanBoxes(shown.doc, shown.span);
  if (img.getAttribute('src') !== src) {
    byId('search-overlay', HTMLElement).replaceChildren();
    img.onload = draw;
    img.setAttribute('src', src);
  } else if (img.complete) draw();
  else img.onload = draw;

  const chars = [...doc.text];
  /** @type {(Node | string)[]} */
  const parts = [];
  let mark;
  if (span) {
    parts.push(chars.slice(0, span.start).join(''));
    mark = el('mark', { class: 'hit current', id: 'search-mark' }, chars.slice(span.start, span.end).join(''));
    parts.push(mark, chars.slice(span.end).join(''));
  } else parts.push(doc.text);
  const pane = byId('search-text', HTMLElement);
  pane.replaceChildren(...parts);
  mark?.scrollIntoView({ block: 'nearest' });
}

export function hideDocument() {
  shown = undefined;
  byId('search-doc', HTMLElement).hidden = true;
}

/** Redraws the outline when the screenshot changes size. */
export function wireDocPanel() {
  new ResizeObserver(() => shown && drawSpanBoxes(shown.doc, shown.span)).observe(byId('search-shot', HTMLImageElement));
}
