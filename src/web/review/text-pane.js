// @ts-check
/** @import { DocumentAnswer, HitView } from '../../api/views/page-api.ts' */
import { byId, closestTarget, el } from '../lib/dom.js';
import { langOfView } from '../lib/lang.js';

/** The OCR text, in the script chosen, with every hit of the document marked. */

export const SCRIPTS = /** @type {const} */ (['original', 'simplified', 'traditional']);
/** @typedef {(typeof SCRIPTS)[number]} ScriptView */

/** @type {ScriptView} */
let script = 'original';
/** While a span is being selected for a correction, a click in the text selects, it does not jump. */
let selecting = false;

export function currentScript() {
  return script;
}

export function setSelecting(/** @type {boolean} */ on) {
  selecting = on;
}

export const textPane = () => byId('ocr-text', HTMLElement);

/** @type {((hitId: string) => void)[]} */
const renderedHandlers = [];

/** Runs after every rendering of the text, with the hit it was rendered for. */
export function whenTextRendered(/** @type {(hitId: string) => void} */ handler) {
  renderedHandlers.push(handler);
}

/**
 * @param {DocumentAnswer} doc
 * @param {HitView} current
 * @param {{ scroll?: boolean }} [options]
 */
export function renderText(doc, current, { scroll = true } = {}) {
  const chars = [...(doc.scripts[script] ?? doc.text)];
  const hits = [...doc.hits].sort((a, b) => a.start - b.start);
  /** @type {(Node | string)[]} */
  const parts = [];
  let at = 0;
  /** @type {HTMLElement | null} */
  let currentMark = null;
  for (const h of hits) {
    if (h.start < at) continue;
    if (h.start > at) parts.push(chars.slice(at, h.start).join(''));
    const mark = el('mark', { class: `hit ${h.reviewStatus}`, dataset: { hitId: h.id }, title: `${h.term} · ${h.english}` }, chars.slice(h.start, h.end).join(''));
    if (h.id === current.id) {
      mark.classList.add('current');
      mark.setAttribute('aria-current', 'true');
      currentMark = mark;
    }
    parts.push(mark);
    at = h.end;
  }
  if (at < chars.length) parts.push(chars.slice(at).join(''));
  const pane = textPane();
  pane.lang = langOfView(script, doc.script);
  pane.replaceChildren(...parts);
  if (scroll) currentMark?.scrollIntoView({ block: 'nearest' });
  for (const handler of renderedHandlers) handler(current.id);
}

/**
 * Wires the script buttons and clicks on marks.
 * @param {{ scriptChanged(): void, markClicked(hitId: string): void }} on
 */
export function wireTextPane(on) {
  for (const button of document.querySelectorAll('[data-script]')) {
    if (!(button instanceof HTMLElement)) continue;
    button.addEventListener('click', () => {
      setScript(/** @type {ScriptView} */ (button.dataset.script));
      on.scriptChanged();
    });
  }
  textPane().addEventListener('click', (event) => {
    if (selecting) return;
    const mark = closestTarget(event, 'mark[data-hit-id]');
    if (mark?.dataset.hitId) on.markClicked(mark.dataset.hitId);
  });
}

export function setScript(/** @type {ScriptView} */ next) {
  script = next;
  for (const b of document.querySelectorAll('[data-script]')) {
    if (b instanceof HTMLElement) b.setAttribute('aria-pressed', String(b.dataset.script === next));
  }
}

/** original → simplified → traditional → original */
export function nextScript() {
  return SCRIPTS[(SCRIPTS.indexOf(script) + 1) % SCRIPTS.length] ?? 'original';
}
