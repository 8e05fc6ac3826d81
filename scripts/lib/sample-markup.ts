/**
 * The passages' markup (scripts/sample-passages.ts: 【hit】, 〔trap|why〕, ⏎) turned into one
 * page's HTML, in the page's script, with its hits and traps registered under running ids.
 */
import * as OpenCC from 'opencc-js';
import type { GlossaryEntry } from '../../src/domain/glossary.ts';
import { TRAP_LOOKALIKE } from '../sample-passages.ts';
import type { GlossaryIndex } from './sample-glossary-index.ts';

const openccTaiwan = OpenCC.Converter({ from: 'cn', to: 'tw' });
/** Where opencc's standard form differs from what Taiwanese news sites actually print. */
const TAIWAN_USAGE: [string, string][] = [['平臺', '平台']];
const toTaiwan = (s: string): string =>
  TAIWAN_USAGE.reduce((acc, [from, to]) => acc.replaceAll(from, to), openccTaiwan(s));


interface Segment {
  kind: 'plain' | 'hit' | 'trap';
  /** Text in the page's script, with ⏎ still in it. */
  text: string;
  term?: string;
  why?: string;
}

const MARKUP = /【([^】]*)】|〔([^〕]*)〕/g;

function parseMarkup(src: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of src.matchAll(MARKUP)) {
    const idx = m.index ?? 0;
    if (idx > last) out.push({ kind: 'plain', text: src.slice(last, idx) });
    if (m[1] !== undefined) {
      const bar = m[1].indexOf('|');
      const text = bar < 0 ? m[1] : m[1].slice(0, bar);
      const term = bar < 0 ? text.replaceAll('⏎', '') : m[1].slice(bar + 1);
      out.push({ kind: 'hit', text, term });
    } else {
      const inner = m[2] ?? '';
      const bar = inner.indexOf('|');
      if (bar < 0) throw new Error(`trap without a reason: ${m[0]}`);
      const text = inner.slice(0, bar);
      const why = inner.slice(bar + 1);
      out.push({ kind: 'trap', text, why });
    }
    last = idx + m[0].length;
  }
  if (last < src.length) out.push({ kind: 'plain', text: src.slice(last) });
  return out;
}

export function plainLength(src: string): number {
  return [...parseMarkup(src).map((s) => s.text.replaceAll('⏎', '')).join('')].length;
}

export interface HitSpec {
  id: number;
  /** The canonical term the mark asserts. */
  term: string;
  text: string;
}
export interface TrapSpec {
  id: number;
  text: string;
  entry: GlossaryEntry;
  lookalike: boolean;
  why: string;
}

/** Turns markup into HTML for one page, registering hits and traps under running ids. */
export class MarkupRenderer {
  readonly hits: HitSpec[] = [];
  readonly traps: TrapSpec[] = [];
  constructor(
    private readonly traditional: boolean,
    private readonly glossary: GlossaryIndex,
  ) {}

  private convert(text: string): string {
    return this.traditional ? toTaiwan(text) : text;
  }

  html(src: string): string {
    return parseMarkup(src)
      .map((seg) => {
        const text = this.convert(seg.text);
        const inner = escapeHtml(text).replaceAll('⏎', '<br>');
        if (seg.kind === 'hit') {
          const id = this.hits.length;
          this.hits.push({ id, term: seg.term ?? text, text: text.replaceAll('⏎', '') });
          return `<span data-hit="${id}">${inner}</span>`;
        }
        if (seg.kind === 'trap') {
          const id = this.traps.length;
          const simplified = seg.text.replaceAll('⏎', '');
          const lookalike = Object.hasOwn(TRAP_LOOKALIKE, simplified);
          const entry = this.glossary.entryOfForm(TRAP_LOOKALIKE[simplified] ?? simplified);
          if (!entry) throw new Error(`trap ${simplified} names no glossary form`);
          this.traps.push({ id, text: text.replaceAll('⏎', ''), entry, lookalike, why: seg.why ?? '' });
          return `<span data-trap="${id}">${inner}</span>`;
        }
        return inner;
      })
      .join('');
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
