// @ts-check
/** @import { GlossaryEntryView } from '../../api/views/page-api.ts' */
import { el } from '../lib/dom.js';
import { getGlossary } from '../lib/endpoints.js';

const SHOWN = 8;
const TYPING_MS = 150;

/**
 * A combobox that finds a glossary entry by what a person remembers of it: a form in either
 * script, an English rendering or its id, through the glossary search of the API. ↓/↑ move
 * through the suggestions, Enter or a click picks one, Escape closes the list.
 */
export class EntryPicker {
  /** @type {GlossaryEntryView | null} */
  picked = null;
  /** @type {GlossaryEntryView[]} */
  #suggestions = [];
  #active = -1;
  #asked = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  #typing;

  /**
   * @param {HTMLInputElement} input
   * @param {HTMLUListElement} list
   * @param {(entry: GlossaryEntryView | null) => void} onPick
   */
  constructor(input, list, onPick) {
    this.input = input;
    this.list = list;
    this.onPick = onPick;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.autocomplete = 'off';
    list.setAttribute('role', 'listbox');
    input.addEventListener('input', () => {
      if (this.picked) this.#pick(null);
      clearTimeout(this.#typing);
      this.#typing = setTimeout(() => void this.#suggest(), TYPING_MS);
    });
    input.addEventListener('keydown', (event) => this.#key(event));
    input.addEventListener('blur', () => setTimeout(() => this.#close(), 150));
    // mousedown, not click: the input keeps its focus and the list is still there to be clicked.
    list.addEventListener('mousedown', (event) => {
      const option = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
      if (!(option instanceof HTMLElement)) return;
      event.preventDefault();
      this.#choose(Number(option.dataset.index));
    });
  }

  /** Empties the picker (a new correction). */
  reset() {
    clearTimeout(this.#typing);
    this.input.value = '';
    this.picked = null;
    this.#close();
  }

  async #suggest() {
    const q = this.input.value.trim();
    if (!q) return this.#close();
    const asked = ++this.#asked;
    const { entries } = await getGlossary({ q: q.slice(0, 100) });
    if (asked !== this.#asked) return;
    this.#suggestions = entries.slice(0, SHOWN);
    this.#active = this.#suggestions.length > 0 ? 0 : -1;
    this.#render();
  }

  #render() {
    const options = this.#suggestions.map((e, i) =>
      el(
        'li',
        { role: 'option', id: `${this.list.id}-${i}`, 'aria-selected': String(i === this.#active), dataset: { index: String(i), entryId: e.id } },
        el('span', { lang: 'zh-Hans' }, e.term),
        ' ',
        el('span', {}, e.english[0] ?? ''),
        ' ',
        el('code', {}, e.id),
      ),
    );
    this.list.replaceChildren(...(options.length > 0 ? options : [el('li', { class: 'hint' }, 'no entry matches')]));
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (this.#active >= 0) this.input.setAttribute('aria-activedescendant', `${this.list.id}-${this.#active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  #close() {
    this.#suggestions = [];
    this.#active = -1;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  /** @param {KeyboardEvent} event */
  #key(event) {
    const open = !this.list.hidden && this.#suggestions.length > 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) return void this.#suggest();
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.#active = (this.#active + step + this.#suggestions.length) % this.#suggestions.length;
      this.#render();
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      this.#choose(this.#active);
    } else if (event.key === 'Escape' && !this.list.hidden) {
      event.preventDefault();
      event.stopPropagation();
      this.#close();
    }
  }

  #choose(/** @type {number} */ index) {
    const entry = this.#suggestions[index];
    if (!entry) return;
    this.input.value = `${entry.term} · ${entry.english[0] ?? ''} (${entry.id})`;
    this.#close();
    this.#pick(entry);
  }

  #pick(/** @type {GlossaryEntryView | null} */ entry) {
    this.picked = entry;
    this.onPick(entry);
  }
}
