// @ts-check
// Everything that comes from a screenshot, a file name or a person (OCR text, names, notes,
// glossary text) goes into the page through these helpers as text or attribute values, never
// parsed as HTML: no module of the page uses innerHTML, and the CSP forbids inline script.

/**
 * The element with this id, checked to be of the expected type, so a renamed id fails at once
 * with its name instead of later as "cannot read properties of null".
 * @template {Element} T
 * @param {string} id
 * @param {{ new (): T; prototype: T }} type
 * @returns {T}
 */
export function byId(id, type) {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return node;
}

/**
 * A named control of a form, checked like byId.
 * @template {Element} T
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {{ new (): T; prototype: T }} type
 * @returns {T}
 */
export function field(form, name, type) {
  const node = form.elements.namedItem(name);
  if (!(node instanceof type)) throw new Error(`${form.id || 'form'}.${name} is missing or not a ${type.name}`);
  return node;
}

/** @typedef {Record<string, string | number | boolean | null | undefined | Record<string, string>>} Attributes */

/**
 * Creates an element with attributes and children; strings become text nodes.
 * `class` sets the class name, `dataset` the data- attributes; false, null and undefined are left out.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attrs]
 * @param {...(Node | string | number | null | undefined)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'dataset' && typeof value === 'object') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * The element an event happened on or inside that matches the selector.
 * @param {Event} event
 * @param {string} selector
 * @returns {HTMLElement | null}
 */
export function closestTarget(event, selector) {
  const target = event.target;
  if (!(target instanceof Element)) return null;
  const found = target.closest(selector);
  return found instanceof HTMLElement ? found : null;
}
