import { iou, type Box } from '../../src/domain/geometry.ts';
import type { Hit, Token } from '../../src/domain/hit.ts';
import { foldToSimplified } from '../../src/glossary/glossary-forms.ts';
import { charErrorRate } from '../../src/util/char-error-rate.ts';
import { alignTexts, mapSpan, overlaps, sliceCodePoints } from './align.ts';
import type { Sample } from '../../scripts/samples-manifest.ts';
import { REQUIRED_TERMS } from '../../scripts/sample-passages.ts';

const CORE_TERMS: ReadonlySet<string> = new Set(REQUIRED_TERMS);

/**
 * Scores one OCR'd sample against its manifest entry.
 *
 * Pairing hits with expected hits: a hit's span is carried from OCR text offsets to ground
 * truth offsets through the edit-distance alignment (./align.ts); a hit matches an expected
 * hit when both name the same glossary entry and the carried span overlaps the expected span.
 * Pairs are taken one to one, largest overlap first. The alignment was chosen over "term +
 * order of occurrence + bbox": it does not depend on the bboxes being right (those are
 * measured separately, and a wrong bbox must not turn into a missed term), and it is not
 * thrown off when OCR loses one of two occurrences of a term, which order-based pairing is.
 *
 * Entries, not terms, are compared because the manifest names a hit by the term that was
 * marked in the passage (侨办) while the glossary may file it as a variant of another entry
 * (侨务办公室), whose canonical term the hit then carries.
 *
 * The manifest was annotated for a fixed vocabulary (every term in its expected hits, nested
 * terms and traps); the glossary knows more terms. Only hits on that vocabulary are scored:
 * a hit for another glossary entry is listed apart (`outOfVocabulary`), with whether the truth
 * really holds the form there. Hits for a term under an expected hit's `nested` (警侨联动 in
 * 警侨联动服务中心) count neither way, and so do expected hits that lie wholly inside a longer
 * out-of-vocabulary hit whose text is right (维稳 in 维稳对象: the longest match wins, by the
 * manifest's own rule). Every other unpaired hit is a false positive; one on a trap says so.
 */

export type MissedTerm = {
  term: string;
  /** The ground truth at the expected span. */
  matched: string;
  start: number;
  end: number;
  /** What OCR made of that span (aligned, whitespace dropped); '' when OCR lost it entirely. */
  ocrRead: string;
  /** ocr: the characters were misread or lost; tagger: OCR read them right and no hit came out. */
  cause: 'ocr' | 'tagger';
  /** Other hits over the same stretch of truth (what won instead). */
  overlappedBy: string[];
  /** Segmenter tokens over the OCR text there: a word cut across the term blocks it. */
  tokens: string[];
};

export type SpuriousHit = {
  term: string;
  form: string;
  matched: string;
  kind: Hit['kind'];
  start: number;
  end: number;
  /** The ground truth at the aligned span ('' when the hit lies on text OCR made up). */
  truthText: string;
  /** trap: a manifest trap; misread: OCR produced the form from other text; fuzzy: a one-off match on other text; unlisted: the truth does hold the form there. */
  cause: 'trap' | 'misread' | 'fuzzy' | 'unlisted';
  why?: string;
};

export type PairedHit = { term: string; expectedTerm: string; matched: string; expected: string; kind: Hit['kind']; iou: number | null; bbox?: Box; expectedBbox: Box };

export type SampleScore = {
  file: string;
  script: Sample['script'];
  /** Whitespace-free code point counts, and the edit distance between them. */
  truthChars: number;
  edits: number;
  cer: number;
  expected: number;
  /** Expected hits on a core term (the required terms of samples/README.md). */
  coreExpected: number;
  hits: number;
  /** Hits on the manifest's vocabulary: the precision denominator. */
  scoredHits: number;
  paired: PairedHit[];
  nestedHits: number;
  /** Expected hits inside a longer, correct out-of-vocabulary hit. */
  superseded: { term: string; by: string }[];
  missed: MissedTerm[];
  spurious: SpuriousHit[];
  outOfVocabulary: (Omit<SpuriousHit, 'cause' | 'why'> & { truthHolds: boolean })[];
  hitsWithBbox: number;
};

export type Vocabulary = {
  /** The glossary entry a manifest term belongs to (as canonical term, traditional form or variant). */
  entryOf(term: string): string | undefined;
  /** Entries the manifest was annotated for. */
  entries: ReadonlySet<string>;
};

const stripSpace = (text: string) => text.replace(/\s+/gu, '');

export function scoreSample(
  sample: Sample,
  truth: string,
  recognised: string,
  hits: readonly Hit[],
  tokens: readonly Token[],
  vocabulary: Vocabulary,
): SampleScore {
  const alignment = alignTexts(recognised, truth);
  const truthChars = Array.from(stripSpace(truth)).length;
  const sameEntry = (hit: Hit, term: string) => hit.term === term || hit.entryId === vocabulary.entryOf(term);
  const holds = (truthText: string, hit: Hit) => {
    const folded = foldToSimplified(stripSpace(truthText));
    return folded.includes(hit.term) || folded.includes(foldToSimplified(hit.form));
  };

  const carried = hits.map((hit) => mapSpan(alignment.toTruth, hit.start, hit.end));
  type Pair = { hit: number; expected: number; overlap: number };
  const pairs: Pair[] = [];
  hits.forEach((hit, h) => {
    const span = carried[h];
    if (!span) return;
    sample.expected.forEach((exp, e) => {
      if (!sameEntry(hit, exp.term) || !overlaps(span, exp)) return;
      pairs.push({ hit: h, expected: e, overlap: Math.min(span.end, exp.end) - Math.max(span.start, exp.start) });
    });
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.hit - b.hit || a.expected - b.expected);

  const hitPaired = new Set<number>();
  const expectedPaired = new Set<number>();
  const paired: PairedHit[] = [];
  for (const pair of pairs) {
    if (hitPaired.has(pair.hit) || expectedPaired.has(pair.expected)) continue;
    hitPaired.add(pair.hit);
    expectedPaired.add(pair.expected);
    const hit = hits[pair.hit]!;
    const exp = sample.expected[pair.expected]!;
    paired.push({
      term: hit.term,
      expectedTerm: exp.term,
      matched: hit.matched,
      expected: exp.matched,
      kind: hit.kind,
      iou: hit.bbox ? iou(hit.bbox, exp.bbox) : null,
      ...(hit.bbox ? { bbox: hit.bbox } : {}),
      expectedBbox: exp.bbox,
    });
  }

  let nestedHits = 0;
  let scoredHits = paired.length;
  const spurious: SpuriousHit[] = [];
  const outOfVocabulary: SampleScore['outOfVocabulary'] = [];
  hits.forEach((hit, h) => {
    if (hitPaired.has(h)) return;
    const span = carried[h] ?? null;
    const truthText = span ? sliceCodePoints(truth, span.start, span.end) : '';
    const base = { term: hit.term, form: hit.form, matched: hit.matched, kind: hit.kind, start: hit.start, end: hit.end, truthText };
    if (!vocabulary.entries.has(hit.entryId)) {
      outOfVocabulary.push({ ...base, truthHolds: holds(truthText, hit) });
      return;
    }
    if (span && sample.expected.some((exp) => (exp.nested ?? []).some((n) => sameEntry(hit, n.term) && overlaps(span, n)))) {
      nestedHits++;
      return;
    }
    scoredHits++;
    const trap = span ? sample.traps.find((t) => sameEntry(hit, t.term) && overlaps(span, t)) : undefined;
    const cause: SpuriousHit['cause'] = trap ? 'trap' : holds(truthText, hit) ? 'unlisted' : hit.kind === 'fuzzy' ? 'fuzzy' : 'misread';
    spurious.push({ ...base, cause, ...(trap ? { why: trap.why } : {}) });
  });

  const missed: MissedTerm[] = [];
  const superseded: SampleScore['superseded'] = [];
  sample.expected.forEach((exp, e) => {
    if (expectedPaired.has(e)) return;
    const covering = hits.findIndex((hit, h) => {
      const span = carried[h];
      return (
        span !== null &&
        span !== undefined &&
        !vocabulary.entries.has(hit.entryId) &&
        span.start <= exp.start &&
        span.end >= exp.end &&
        span.end - span.start > exp.end - exp.start &&
        holds(sliceCodePoints(truth, span.start, span.end), hit)
      );
    });
    if (covering >= 0) {
      superseded.push({ term: exp.term, by: hits[covering]!.term });
      return;
    }
    const back = mapSpan(alignment.toRecognised, exp.start, exp.end);
    const ocrRead = back ? stripSpace(sliceCodePoints(recognised, back.start, back.end)) : '';
    const readRight = ocrRead === stripSpace(exp.matched);
    const overlappedBy = hits.filter((_, h) => carried[h] && overlaps(carried[h]!, exp)).map((hit) => hit.term);
    const around = back ? tokens.filter((t) => overlaps(t, back)).map((t) => t.word) : [];
    missed.push({ term: exp.term, matched: exp.matched, start: exp.start, end: exp.end, ocrRead, cause: readRight ? 'tagger' : 'ocr', overlappedBy, tokens: around });
  });

  return {
    file: sample.file,
    script: sample.script,
    truthChars,
    edits: alignment.distance,
    // The project's own CER (whitespace dropped on both sides); the alignment's distance is the same edit distance.
    cer: charErrorRate(recognised, truth, { ignoreWhitespace: true }),
    expected: sample.expected.length,
    coreExpected: sample.expected.filter((e) => CORE_TERMS.has(e.term)).length,
    hits: hits.length,
    scoredHits,
    paired,
    nestedHits,
    superseded,
    missed,
    spurious,
    outOfVocabulary,
    hitsWithBbox: hits.filter((h) => h.bbox !== undefined).length,
  };
}

export type PossibleScore = {
  /** `possible` hits on the page. */
  count: number;
  /** Of those, where the ground truth holds the term at the hit's place (the near miss was a misread term). */
  correct: number;
  /** Expected hits no regular hit found but a possible hit lies on: misses a translator now sees. */
  missesShown: number;
};

/** `possible` hits are no claims: scored apart, by whether the truth holds their term where they lie. */
export function scorePossible(truth: string, recognised: string, possible: readonly Hit[], missed: readonly MissedTerm[]): PossibleScore {
  if (possible.length === 0) return { count: 0, correct: 0, missesShown: 0 };
  const alignment = alignTexts(recognised, truth);
  const spans = possible.map((hit) => mapSpan(alignment.toTruth, hit.start, hit.end));
  const correct = possible.filter((hit, i) => {
    const span = spans[i];
    if (!span) return false;
    return foldToSimplified(stripSpace(sliceCodePoints(truth, span.start, span.end))).includes(hit.term);
  }).length;
  const missesShown = missed.filter((m) => possible.some((hit, i) => spans[i] && hit.term === m.term && overlaps(spans[i]!, m))).length;
  return { count: possible.length, correct, missesShown };
}
