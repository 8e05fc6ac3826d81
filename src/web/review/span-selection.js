// @ts-check

/**
 * Spans of the text pane in code points (the offsets hits and corrections use), to and from the
 * browser's selection. The pane holds text nodes and <mark>s only, in text order, and every
 * script view has one code point per character of the original, so offsets are the same in all.
 */

const HIGHLIGHT = 'correction';

/** @typedef {{ start: number, end: number }} Span */

const codePoints = (/** @type {string} */ s) => [...s].length;

/**
 * The code-point offset in `container` of a DOM position (a text node and a UTF-16 offset, or an
 * element and a child index).
 * @param {Node} container
 * @param {Node} node
 * @param {number} offset
 */
export function offsetOf(container, node, offset) {
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return codePoints(range.toString());
}

/**
 * The DOM position of a code-point offset in `container`: the text node holding it and the
 * UTF-16 offset inside.
 * @param {Node} container
 * @param {number} offset
 * @returns {{ node: Node, offset: number }}
 */
export function positionOf(container, offset) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  let left = offset;
  /** @type {Text | null} */
  let last = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = /** @type {Text} */ (node);
    const chars = [...text.data];
    if (left <= chars.length) return { node: text, offset: chars.slice(0, left).join('').length };
    left -= chars.length;
    last = text;
  }
  return last ? { node: last, offset: last.data.length } : { node: container, offset: container.childNodes.length };
}

/** The length of the pane's text in code points. */
export function lengthOf(/** @type {Node} */ container) {
  return codePoints(container.textContent ?? '');
}

/**
 * Marks a span with the correction highlight (CSS Custom Highlight: no element is added, so the
 * text stays as it is). The browser's own selection is not used for it: a mouse press on
 * selected text drags that text instead of starting a new selection.
 * @param {HTMLElement} container
 * @param {number} start
 * @param {number} end
 */
export function markSpan(container, start, end) {
  if (typeof Highlight !== 'function' || !CSS.highlights) return;
  const from = positionOf(container, start);
  const to = positionOf(container, end);
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  CSS.highlights.set(HIGHLIGHT, new Highlight(range));
}

/**
 * The browser's selection in `container` as anchor and focus offsets (in the direction it was
 * made), or null when it is empty or reaches outside.
 * @param {HTMLElement} container
 * @returns {{ anchor: number, focus: number } | null}
 */
export function selectionEnds(container) {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || !selection.anchorNode || !selection.focusNode) return null;
  if (!container.contains(selection.anchorNode) || !container.contains(selection.focusNode)) return null;
  return { anchor: offsetOf(container, selection.anchorNode, selection.anchorOffset), focus: offsetOf(container, selection.focusNode, selection.focusOffset) };
}

export function clearSelection() {
  if (typeof Highlight === 'function' && CSS.highlights) CSS.highlights.delete(HIGHLIGHT);
}
