import { type Box, isColumnBox } from '../domain/geometry.ts';
import type { OcrLine, OcrSymbol } from '../domain/ocr.ts';
import { foldToSimplified } from '../glossary/glossary-forms.ts';
import { alignSequences } from './align-sequences.ts';

/**
 * Rescues glossary terms that the chosen reading of a page misread but another reading of the
 * same image (the pass with the other language) read right. On samples/ chi_sim misreads
 * 青田 as 背田 or 青向 where chi_tra reads 青田, and chi_tra reads 聯絡上員 where chi_sim reads
 * 联络员: the losing pass is worse overall, yet at these places it is right.
 *
 * Only evidence from the image is used: a term is taken from an alternative reading only where
 * that reading holds it (every character the chosen reading does not share read with decent
 * confidence: one the two readings agree on is vouched for by both), the chosen reading has,
 * at the same place (the same line, across the direction of writing; the same characters, by
 * aligning the two readings of the line), a text one edit away from it, and that text holds no
 * other glossary term (so 侨办 read right is never turned into 侨联 read wrong). Nothing is
 * guessed. The rescued symbols keep the alternative's script; cleanOcrText harmonises them with
 * the page.
 */

/**
 * The alternative's characters of the term that the chosen reading lacks must each be read at
 * least this confidently. Those both read alike need not: holdout page 19 has PaddleOCR read
 * 僑團 with 僑 at 55 and 團 at 84, where tesseract read 僑轉 (僑 at 97).
 */
export const RESCUE_MIN_CONFIDENCE = 60;

export type RescueIndex = { folds: ReadonlySet<string>; maxLength: number };

export function rescueIndex(forms: Iterable<string>): RescueIndex {
  const folds = new Set<string>();
  let maxLength = 0;
  for (const form of forms) {
    const fold = foldToSimplified(form.replace(/\s+/gu, ''));
    const length = Array.from(fold).length;
    // A one-character form would be rescued on far too little evidence.
    if (length < 2) continue;
    folds.add(fold);
    maxLength = Math.max(maxLength, length);
  }
  return { folds, maxLength };
}

/** A symbol's text as the glossary matches it (simplified fold). */
export function foldSymbol(symbol: OcrSymbol): string {
  return foldToSimplified(symbol.text.trim());
}

/** Whether two strings are at most one edit (substitution, insertion, deletion of a code point) apart. */
function withinOneEdit(a: string, b: string): boolean {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (x.length === y.length) return x.slice(i + 1).join('') === y.slice(i + 1).join('');
  return x.length > y.length ? x.slice(i + 1).join('') === y.slice(i).join('') : x.slice(i).join('') === y.slice(i + 1).join('');
}

/** The glossary terms (folded) that occur in `text`, which must be folded already. */
export function termsIn(text: string, index: RescueIndex): string[] {
  const chars = Array.from(text);
  const terms: string[] = [];
  for (let start = 0; start < chars.length; start++) {
    for (let length = 2; length <= index.maxLength && start + length <= chars.length; length++) {
      const fold = chars.slice(start, start + length).join('');
      if (index.folds.has(fold)) terms.push(fold);
    }
  }
  return terms;
}

/** The share two spans [a0, a0 + a) and [b0, b0 + b) have in common, over their union. */
function sharedSpan(a0: number, a: number, b0: number, b: number): number {
  const shared = Math.min(a0 + a, b0 + b) - Math.max(a0, b0);
  const union = Math.max(a0 + a, b0 + b) - Math.min(a0, b0);
  return Math.max(0, shared) / Math.max(1, union);
}

/**
 * How far two lines lie at the same place across their direction of writing: rows by their
 * extent in y, columns of vertical text by their extent in x. Over the union, so a tall line (a
 * heading beside a logo) does not claim the lines it spans.
 */
function sameLineOverlap(a: Box, b: Box): number {
  return isColumnBox(a) && isColumnBox(b) ? sharedSpan(a.x, a.w, b.x, b.w) : sharedSpan(a.y, a.h, b.y, b.h);
}

/**
 * Aligns two readings of one line character by character (minimum edits over folded symbols)
 * and gives, for every symbol j of `other`, the span [from[j], to[j]) of `line`'s symbols it
 * corresponds to: one symbol for a match or a misreading, none where `line` lacks it. Symbols
 * only `line` has belong to no symbol of `other`, so a span of several symbols of `other` takes
 * in those between them, never those at its ends.
 */
function alignLines(line: readonly string[], other: readonly string[]): { from: number[]; to: number[] } {
  const from = new Array<number>(other.length).fill(0);
  const to = new Array<number>(other.length).fill(0);
  // Symbols of `line` passed so far: where a symbol only `other` has stands.
  let passed = 0;
  for (const { a, b } of alignSequences(line, other)) {
    if (b === null) passed = a! + 1;
    else if (a === null) {
      from[b] = passed;
      to[b] = passed;
    } else {
      from[b] = a;
      to[b] = a + 1;
      passed = a + 1;
    }
  }
  return { from, to };
}

/** Where an alternative reading holds a term, in that reading's symbol indices. */
type Occurrence = { start: number; end: number; fold: string };

/** Every glossary term in a line of the alternative reading (nested ones too). */
function occurrencesIn(folds: readonly string[], index: RescueIndex): Occurrence[] {
  const found: Occurrence[] = [];
  for (let start = 0; start < folds.length; start++) {
    for (let length = 2; length <= index.maxLength && start + length <= folds.length; length++) {
      const fold = folds.slice(start, start + length).join('');
      if (index.folds.has(fold) && Array.from(fold).length === length) found.push({ start, end: start + length, fold });
    }
  }
  return found;
}

type Replacement = { start: number; end: number; symbols: OcrSymbol[] };

function candidatesFrom(lineFolds: readonly string[], other: OcrLine, index: RescueIndex): Replacement[] {
  const otherFolds = other.symbols.map(foldSymbol);
  const occurrences = occurrencesIn(otherFolds, index);
  if (occurrences.length === 0) return [];
  const { from, to } = alignLines(lineFolds, otherFolds);
  const sharedWithLine = (j: number) => to[j]! - from[j]! === 1 && lineFolds[from[j]!] === otherFolds[j];
  const candidates: Replacement[] = [];
  for (const occurrence of occurrences) {
    const unsure = other.symbols
      .slice(occurrence.start, occurrence.end)
      .some((symbol, k) => symbol.confidence < RESCUE_MIN_CONFIDENCE && !sharedWithLine(occurrence.start + k));
    if (unsure) continue;
    const start = from[occurrence.start]!;
    const end = Math.max(start, to[occurrence.end - 1]!);
    const current = lineFolds.slice(start, end).join('');
    if (current === occurrence.fold || !withinOneEdit(current, occurrence.fold)) continue;
    // At least one character read alike on each side, so the two readings are known to agree
    // on where the term is.
    if (end - start < 2) continue;
    // A term the chosen reading holds there (侨办) is not replaced by another (侨联) unless the
    // rescued one contains it (公安局 in 青田县公安局).
    if (termsIn(current, index).some((term) => !occurrence.fold.includes(term))) continue;
    candidates.push({ start, end, symbols: other.symbols.slice(occurrence.start, occurrence.end) });
  }
  return candidates;
}

function applyReplacements(line: OcrLine, candidates: Replacement[]): { line: OcrLine; rescued: number } {
  if (candidates.length === 0) return { line, rescued: 0 };
  // Longest first; overlapping ones are dropped, then applied right to left so indices hold.
  candidates.sort((a, b) => b.symbols.length - a.symbols.length || a.start - b.start);
  const chosen: Replacement[] = [];
  for (const candidate of candidates) {
    if (chosen.some((c) => candidate.start < c.end && c.start < candidate.end)) continue;
    chosen.push(candidate);
  }
  chosen.sort((a, b) => b.start - a.start);
  let symbols = [...line.symbols];
  let wordStarts = [...line.wordStarts];
  for (const { start, end, symbols: replacement } of chosen) {
    const delta = replacement.length - (end - start);
    symbols = [...symbols.slice(0, start), ...replacement.map((s) => ({ ...s, box: { ...s.box } })), ...symbols.slice(end)];
    // Each Chinese character is a word of its own in tesseract's output.
    const before = wordStarts.filter((w) => w < start);
    const after = wordStarts.filter((w) => w >= end).map((w) => w + delta);
    wordStarts = [...before, ...replacement.map((_, k) => start + k), ...after];
  }
  return { line: { ...line, symbols, wordStarts }, rescued: chosen.length };
}

/**
 * The chosen reading's lines with glossary terms rescued from the alternative readings' lines,
 * and how many were rescued.
 */
export function rescueGlossaryTerms(
  chosen: readonly OcrLine[],
  alternatives: readonly (readonly OcrLine[])[],
  index: RescueIndex,
): { lines: OcrLine[]; rescued: number } {
  if (index.folds.size === 0 || alternatives.length === 0) return { lines: [...chosen], rescued: 0 };
  const perLine: OcrLine[][] = chosen.map(() => []);
  for (const lines of alternatives) {
    for (const other of lines) {
      let best = -1;
      let bestOverlap = 0.5;
      chosen.forEach((line, i) => {
        const overlap = sameLineOverlap(line.box, other.box);
        if (overlap > bestOverlap) {
          bestOverlap = overlap;
          best = i;
        }
      });
      if (best >= 0) perLine[best]!.push(other);
    }
  }
  let rescued = 0;
  const lines = chosen.map((line, i) => {
    const others = perLine[i]!;
    if (others.length === 0) return line;
    const folds = line.symbols.map(foldSymbol);
    const result = applyReplacements(line, others.flatMap((other) => candidatesFrom(folds, other, index)));
    rescued += result.rescued;
    return result.line;
  });
  return { lines, rescued };
}
