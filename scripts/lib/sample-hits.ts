/**
 * Hits, traps and boxes: where the marks and traps lie in the ground truth, every glossary form
 * found there, which of them are the expected hits, the markup checked against them, and the
 * review report.
 */
import type { Box } from '../../src/domain/geometry.ts';
import type { GlossaryEntry } from '../../src/domain/glossary.ts';
import { simplifyChar } from '../../src/script/han-script.ts';
import type { Trap } from '../samples-manifest.ts';
import { toImageBox } from './rendered-chars.ts';
import type { GlossaryIndex } from './sample-glossary-index.ts';
import type { CharRec, TextRec } from './sample-page-chars.ts';


/** The span [start, end) of the records tagged with `id`, checked to be contiguous. */
export function spanOf(
  recs: TextRec[],
  key: 'hit' | 'trap',
  id: number,
  dpr: number,
  width: number,
  height: number,
): { start: number; end: number; boxes: Box[] } {
  const idx = recs.flatMap((r, i) => (r.c && r.c[key] === id ? [i] : []));
  if (!idx.length) throw new Error(`${key} ${id} is not visible on the page`);
  const start = idx[0] as number;
  const end = (idx[idx.length - 1] as number) + 1;
  for (let i = start; i < end; i++) {
    const r = recs[i] as TextRec;
    if (r.ch !== '\n' && !(r.c && r.c[key] === id)) throw new Error(`${key} ${id} is not contiguous`);
  }
  const byLine = new Map<number, CharRec[]>();
  for (const i of idx) {
    const r = recs[i] as TextRec;
    const list = byLine.get(r.line) ?? [];
    list.push(r.c as CharRec);
    byLine.set(r.line, list);
  }
  const boxes = [...byLine.values()].map((rects) => toImageBox(rects, dpr, width, height));
  return { start, end, boxes };
}

function findAll(hay: readonly string[], needle: readonly string[]): number[] {
  const out: number[] = [];
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    out.push(i);
  }
  return out;
}
const HAN = /\p{Script=Han}/u;

/** A glossary form found in the ground truth; offsets are code points into the text. */
export interface Occurrence {
  entry: GlossaryEntry;
  start: number;
  end: number;
  matched: string;
  /** Length of the form matched (line breaks inside it not counted): the longest wins. */
  length: number;
}

/**
 * Every occurrence of every glossary form in the ground truth, compared on its simplified fold
 * one code point at a time (so offsets stay put) with line breaks ignored where they touch a Han
 * character, so that a term wrapped across lines still counts: 海外联络⏎站, and 海外⏎110 too
 * (a break between two Latin or digit characters is kept). Overlapping occurrences are all kept.
 */
export function findOccurrences(recs: TextRec[], glossary: GlossaryIndex): Occurrence[] {
  const text = recs.map((r) => r.ch);
  const kept = recs.flatMap((r, i) => {
    if (r.ch !== '\n') return [i];
    const before = text[i - 1];
    const after = text[i + 1];
    return (before !== undefined && HAN.test(before)) || (after !== undefined && HAN.test(after)) ? [] : [i];
  });
  const folded = kept.map((i) => {
    const ch = text[i] as string;
    const simple = simplifyChar(ch);
    return [...simple].length === 1 ? simple : ch;
  });
  const out: Occurrence[] = [];
  for (const { fold, entry } of glossary.folds()) {
    for (const at of findAll(folded, fold)) {
      const start = kept[at] as number;
      const end = (kept[at + fold.length - 1] as number) + 1;
      out.push({ entry, start, end, matched: text.slice(start, end).join(''), length: fold.length });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.length - a.length);
}

/** What became of one occurrence, for the review report. */
export type Verdict =
  | { kind: 'expected'; marked: boolean }
  | { kind: 'trap'; trap: Trap }
  | { kind: 'nested'; in: Occurrence }
  | { kind: 'overlapped'; by: Occurrence };

export interface Resolution {
  expected: Occurrence[];
  verdicts: Map<Occurrence, Verdict>;
}

/**
 * The expected hits: every occurrence not inside a trap, the longest winning where occurrences
 * overlap, then the earliest (the matcher's rule). Traps come first, as in the matcher, where a
 * form that breaks a word is dropped before overlaps are resolved.
 */
export function resolveOccurrences(occurrences: Occurrence[], traps: Trap[]): Resolution {
  const verdicts = new Map<Occurrence, Verdict>();
  const free: Occurrence[] = [];
  for (const o of occurrences) {
    const trap = traps.find((t) => t.start <= o.start && o.end <= t.end);
    if (trap) verdicts.set(o, { kind: 'trap', trap });
    else free.push(o);
  }
  const ranked = [...free].sort((a, b) => b.length - a.length || a.start - b.start);
  const expected: Occurrence[] = [];
  for (const o of ranked) {
    const nestedIn = expected.find((e) => e.start <= o.start && o.end <= e.end);
    if (nestedIn) {
      verdicts.set(o, { kind: 'nested', in: nestedIn });
      continue;
    }
    const overlapping = expected.find((e) => e.start < o.end && o.start < e.end);
    if (overlapping) {
      verdicts.set(o, { kind: 'overlapped', by: overlapping });
      continue;
    }
    expected.push(o);
    verdicts.set(o, { kind: 'expected', marked: false });
  }
  expected.sort((a, b) => a.start - b.start);
  return { expected, verdicts };
}

/**
 * Checks the passages' markup against what the glossary finds: a 【mark】 must lie inside an
 * expected hit whose canonical term is the one it names (the hit may be a longer form of the same
 * entry: 海内外【警侨联动服务中心】, 【猎狐】行动), a 〔trap〕 must hold the form it names (or
 * name a lookalike) and overlap no expected hit of the same entry.
 */
export function checkMarkup(
  marks: { term: string; start: number; end: number }[],
  traps: Trap[],
  /** Per trap: it names the term its text is mistaken for (菜鸟驿站 for 警侨驿站), not a form. */
  lookalike: boolean[],
  resolution: Resolution,
  occurrences: Occurrence[],
): string[] {
  const problems: string[] = [];
  for (const m of marks) {
    const hit = resolution.expected.find((e) => e.start <= m.start && m.end <= e.end);
    if (!hit) {
      const overlapping = resolution.expected.filter((e) => e.start < m.end && m.start < e.end);
      problems.push(
        `mark ${m.term} at ${m.start}-${m.end} is no expected hit` +
          (overlapping.length ? ` (expected: ${overlapping.map((e) => `${e.entry.term}=${e.matched}@${e.start}-${e.end}`).join(', ')})` : ''),
      );
      continue;
    }
    resolution.verdicts.set(hit, { kind: 'expected', marked: true });
    if (hit.entry.term !== m.term) {
      problems.push(`mark ${m.term} at ${m.start} is found as ${hit.entry.term}=${hit.matched}@${hit.start}-${hit.end}`);
    }
  }
  traps.forEach((t, i) => {
    const own = occurrences.some((o) => o.entry.id === t.entryId && o.start === t.start && o.end === t.end);
    if (!own && !lookalike[i]) problems.push(`trap ${t.text} at ${t.start} holds no form of ${t.term}`);
    const clash = resolution.expected.find((e) => e.entry.id === t.entryId && e.start < t.end && t.start < e.end);
    if (clash) problems.push(`trap ${t.text} at ${t.start} overlaps an expected ${clash.entry.term}`);
  });
  return problems;
}

function contextOf(text: readonly string[], start: number, end: number, width = 10): string {
  const show = (s: string[]) => s.join('').replaceAll('\n', '⏎');
  return `${show(text.slice(Math.max(0, start - width), start))}[${show(text.slice(start, end))}]${show(text.slice(end, end + width))}`;
}

/** One line per occurrence: what was found, where, and what the sample says about it. */
export function reviewReport(stem: string, text: readonly string[], occurrences: Occurrence[], resolution: Resolution, traps: Trap[]): string[] {
  const lines = [`== ${stem}`];
  const says = (v: Verdict | undefined): string => {
    switch (v?.kind) {
      case 'expected':
        return v.marked ? 'EXPECTED (marked)' : 'EXPECTED';
      case 'trap':
        return `trap: ${v.trap.why}`;
      case 'nested':
        return `inside ${v.in.entry.term}=${v.in.matched.replaceAll('\n', '⏎')}`;
      case 'overlapped':
        return `overlaps ${v.by.entry.term}=${v.by.matched.replaceAll('\n', '⏎')} (longer or earlier)`;
      default:
        return '?';
    }
  };
  for (const o of occurrences) {
    lines.push(
      `  ${String(o.start).padStart(4)}  ${o.entry.term.padEnd(10, '　')} ${contextOf(text, o.start, o.end).padEnd(30, '　')}  ${says(resolution.verdicts.get(o))}`,
    );
  }
  for (const t of traps) {
    if (!occurrences.some((o) => o.start >= t.start && o.end <= t.end)) {
      lines.push(`  ${String(t.start).padStart(4)}  ${t.term.padEnd(10, '　')} ${contextOf(text, t.start, t.end).padEnd(30, '　')}  lookalike trap: ${t.why}`);
    }
  }
  return lines;
}

export function groupBoxes(recs: TextRec[], dpr: number, width: number, height: number): Box[] {
  const byLine = new Map<number, CharRec[]>();
  for (const r of recs) {
    if (!r.c) continue;
    const list = byLine.get(r.line) ?? [];
    list.push(r.c);
    byLine.set(r.line, list);
  }
  return [...byLine.values()].map((rects) => toImageBox(rects, dpr, width, height));
}
