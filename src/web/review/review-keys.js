// @ts-check
import { byId } from '../lib/dom.js';
import { openCorrect } from './correct-dialog.js';
import { toggleZoom } from './image-pane.js';
import { decide, move, reviewing, showScript, toggleCurrent } from './review-view.js';
import { nextScript } from './text-pane.js';

/** One key per action while reviewing; keys typed into a field or a dialog are theirs. */
/** @type {Record<string, () => unknown>} */
const ACTIONS = {
  j: () => move(1),
  k: () => move(-1),
  a: () => decide('confirm'),
  r: () => decide('reject'),
  e: () => openCorrect(),
  z: () => toggleZoom(),
  s: () => showScript(nextScript()),
  x: () => toggleCurrent(),
};

export function wireReviewKeys() {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable]')) return;
    if (document.querySelector('dialog[open]')) return;
    if (event.key === '?') {
      byId('help', HTMLDialogElement).showModal();
      event.preventDefault();
      return;
    }
    if (!reviewing()) return;
    const action = ACTIONS[event.key];
    if (action) {
      event.preventDefault();
      void action();
    }
  });
}
