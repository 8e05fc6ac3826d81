import { unionBoxes, type Box } from '../domain/geometry.ts';
import type { OcrLine, OcrSymbol, RawOcr } from '../domain/ocr.ts';
import { foldToSimplified } from '../glossary/glossary-forms.ts';
import { alignSequences, type AlignedStep } from './align-sequences.ts';
import { foldSymbol, termsIn, type RescueIndex } from './glossary-rescue.ts';
import { VERTICAL_RATIO } from './paddle/detected-lines.ts';

/**
 * Line-level merge of two readings of a traditional page (issue #20, point 4): PaddleOCR's
 * segments give the structure, tesseract.js (chi_tra) the characters, and where the two read a
 * place differently the more confident one wins.
 *
 * Why this way round: PaddleOCR's detector finds each column's segment on its own, while
 * tesseract reads the page as one block whose lines run across columns and side bars, and
 * whose character boxes are at times a glyph off (a side bar joined its article because of
 * one such box); PaddleOCR's dictionary lacks many traditional characters (稱, 檢, 驛) and reads
 * others as their simplified forms, which tesseract's chi_tra reads as printed. So, within each
 * PaddleOCR segment, the tesseract symbols that fall inside it are aligned with PaddleOCR's
 * (folded to simplified, so 僑 and 侨 agree):
 *
 * - where they agree, tesseract's character is kept on PaddleOCR's box; PaddleOCR's form is
 *   taken only when its dictionary holds tesseract's form too and it still chose its own, near
 *   certain (溫 against 温: a choice, not a missing character), or for punctuation tesseract
 *   read as ASCII (`，` against `,`, `”` against `"`: PaddleOCR's mark is what was printed);
 * - where they disagree, the symbols of both readings are grouped by where they stand on the
 *   line (place by place where each reading has one character for the other's one), and each
 *   group goes to the reading with the higher mean confidence (at a single place between
 *   agreed characters, to the one whose character makes a word, within a margin); a character
 *   only one reading has is kept when read confidently (a closing mark PaddleOCR alone read at
 *   the end of its segment on less: tesseract drops those); anything but Chinese and
 *   punctuation (Latin, digits) is taken from PaddleOCR as a whole, where tesseract read
 *   nothing there only when read confidently;
 * - a segment tesseract read nothing of is PaddleOCR's reading as it stands;
 * - a merged line never holds a glossary term that neither reading of it holds: the groups
 *   that made one go back to tesseract's reading.
 *
 * Tesseract symbols no segment takes (a line PaddleOCR did not detect) are kept as lines of
 * their own where read confidently. Measured on the traditional pages of both evaluation sets
 * (bench/README.md, "Line-level merge"), thresholds included. The segmenter's dictionary votes
 * on a single disagreeing place between agreed characters only (see WORD_MARGIN); as a weight
 * on every group's confidence it gained nothing on either set.
 */

export type MergeEvidence = {
  /** The characters PaddleOCR's recogniser can output. */
  paddleDictionary: ReadonlySet<string>;
  /** Glossary forms, for the rule that a merge invents no term. */
  terms: RescueIndex;
  /** Whether a (simplified) text is one word: of the segmenter's dictionary, or a glossary form. */
  isWord: (text: string) => boolean;
};

/** PaddleOCR's form of an agreed character is taken over tesseract's from this confidence. */
export const VARIANT_MIN_CONFIDENCE = 99;
/** A character only tesseract read is kept from this mean confidence... */
export const TESSERACT_ONLY_MIN_CONFIDENCE = 80;
/** ...and one only PaddleOCR read from this one. */
export const PADDLE_ONLY_MIN_CONFIDENCE = 90;
/**
 * ...but a closing mark only PaddleOCR read at the end of its segment from this one: tesseract
 * drops line-final punctuation (issue #20), so its silence there is no evidence against the
 * mark. Measured on both sets' traditional pages (bench/README, "Core terms and line-final
 * marks"): 10 to 30 alike, 50 kept fewer of them, 90 (as within a line) none.
 */
export const PADDLE_ONLY_LINE_END_MIN_CONFIDENCE = 30;
/**
 * Where the readings differ in one character between characters they agree on, and only one
 * reading's character makes a dictionary word with a neighbour (关注 not 阙注, 会务 not 会狗),
 * that reading wins unless the other read its character this much more confidently: each
 * engine is at times sure of a wrong character (tesseract 闕 86 against PaddleOCR 關 64 on a
 * tinted holdout page). Measured on both sets' traditional pages (bench/README, "A dictionary
 * vote, and what only PaddleOCR read").
 */
export const WORD_MARGIN = 25;
/**
 * A PaddleOCR segment in which tesseract read nothing is kept as PaddleOCR read it from this
 * mean confidence (samples/ page 6's masthead 大華新聞網, 華 at 69 and 網 at 76, had been cut to
 * 大新聞). Measured on both sets' traditional pages (bench/README, as WORD_MARGIN): 0 and 80
 * alike; 80 keeps out a segment the detector found in a picture, which reads as noise.
 */
export const UNREAD_SEGMENT_MIN_CONFIDENCE = 80;
/** A run of tesseract symbols outside every PaddleOCR segment is kept from this mean confidence. */
export const UNCLAIMED_MIN_CONFIDENCE = 95;

type Claimed = { symbol: OcrSymbol; line: number; index: number };

/** Quotation marks of one kind fold together: tesseract reads a curly ” as ASCII ". */
const QUOTE_FOLDS: Record<string, string> = { '“': '"', '”': '"', '‘': "'", '’': "'" };
const foldOf = (symbol: OcrSymbol) => {
  const folded = foldSymbol(symbol).normalize('NFKC');
  return QUOTE_FOLDS[folded] ?? folded;
};
const isChineseOrPunctuation = (text: string) => /^[\p{Script=Han}\p{P}\p{S}]+$/u.test(text);
const meanConfidence = (symbols: readonly OcrSymbol[]) => symbols.reduce((sum, s) => sum + s.confidence, 0) / Math.max(1, symbols.length);
const centre = (box: Box) => ({ x: box.x + box.w / 2, y: box.y + box.h / 2 });

/**
 * The tesseract symbols a segment takes: those whose centre lies in it (half a line height to
 * either side), then their unclaimed neighbours on the same tesseract line that stand at most a
 * line height away, so a character PaddleOCR's box cut off stays with its line.
 */
function claim(segment: OcrLine, symbols: readonly Claimed[][], taken: Set<Claimed>): Claimed[] {
  const { x, y, w, h } = segment.box;
  const mine = new Set<Claimed>();
  for (const line of symbols) {
    for (const s of line) {
      const c = centre(s.symbol.box);
      if (!taken.has(s) && c.x >= x - h / 2 && c.x <= x + w + h / 2 && c.y >= y && c.y <= y + h) mine.add(s);
    }
  }
  const pending = [...mine];
  while (pending.length > 0) {
    const s = pending.pop()!;
    for (const n of [symbols[s.line]![s.index - 1], symbols[s.line]![s.index + 1]]) {
      if (!n || mine.has(n) || taken.has(n)) continue;
      const a = s.symbol.box;
      const b = n.symbol.box;
      if (Math.max(b.x - (a.x + a.w), a.x - (b.x + b.w)) > h) continue;
      mine.add(n);
      pending.push(n);
    }
  }
  for (const s of mine) taken.add(s);
  return [...mine].sort((a, b) => a.symbol.box.x - b.symbol.box.x);
}

/** Whether two symbols stand at the same place along the line. */
const overlaps = (a: Box, b: Box) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.3 * Math.min(a.w, b.w);

/** Whether two symbols stand within two characters of each other along the line (a character about as wide as the line is high). */
const nearby = (a: Box, b: Box) => Math.abs(centre(a).x - centre(b).x) <= 2 * Math.max(a.h, b.h);

/** Where the readings disagree: their symbols grouped by overlap along the line, in order. */
type Group = { tesseract: OcrSymbol[]; paddle: OcrSymbol[] };

/** `tesseract` and `paddle` are Chinese characters and punctuation only. */
function groupsOf(tesseract: readonly OcrSymbol[], paddle: readonly OcrSymbol[]): Group[] {
  const items = [...tesseract.map((symbol) => ({ symbol, from: 'tesseract' as const })), ...paddle.map((symbol) => ({ symbol, from: 'paddle' as const }))];
  items.sort((a, b) => a.symbol.box.x - b.symbol.box.x);
  const groups: Group[] = [];
  for (const { symbol, from } of items) {
    const last = groups[groups.length - 1];
    const joins = last !== undefined && [...last.tesseract, ...last.paddle].some((s) => overlaps(s.box, symbol.box));
    const group = joins ? last : { tesseract: [], paddle: [] };
    if (!joins) groups.push(group);
    group[from].push(symbol);
  }
  return groups;
}

/** The marks that close a clause or a sentence, which tesseract leaves out at a line's end. */
const CLOSING_MARK = /^[，。、；：！？」』）》”…—]$/u;

/** The reading whose character alone makes a dictionary word at a single disagreeing place (dictionaryVote). */
type Vote = 'tesseract' | 'paddle' | undefined;

/** `endsSegment`: the group holds the last symbol of PaddleOCR's segment. */
function paddleWins(group: Group, endsSegment: boolean, vote?: Vote): boolean {
  const { tesseract, paddle } = group;
  if (vote === 'paddle') return meanConfidence(paddle) >= meanConfidence(tesseract) - WORD_MARGIN;
  if (vote === 'tesseract') return meanConfidence(paddle) > meanConfidence(tesseract) + WORD_MARGIN;
  if (tesseract.length === 0 && endsSegment && paddle.every((s) => CLOSING_MARK.test(s.text))) {
    return meanConfidence(paddle) >= PADDLE_ONLY_LINE_END_MIN_CONFIDENCE;
  }
  if (tesseract.length === 0) return meanConfidence(paddle) >= PADDLE_ONLY_MIN_CONFIDENCE;
  if (paddle.length === 0) return meanConfidence(tesseract) < TESSERACT_ONLY_MIN_CONFIDENCE;
  return meanConfidence(paddle) > meanConfidence(tesseract);
}

/** One agreed character: tesseract's, on PaddleOCR's box, unless PaddleOCR's form is the one printed. */
function agreed(tesseract: OcrSymbol, paddle: OcrSymbol, dictionary: ReadonlySet<string>, starts: Set<OcrSymbol>): OcrSymbol {
  // Agreed marks that differ are tesseract's ASCII for what PaddleOCR read as printed: `,` for `，`, `"` for `”`.
  const asPrinted = tesseract.text !== paddle.text && (tesseract.text.normalize('NFKC') === paddle.text.normalize('NFKC') || /^["']$/.test(tesseract.text));
  const variant = tesseract.text !== paddle.text && dictionary.has(tesseract.text) && paddle.confidence >= VARIANT_MIN_CONFIDENCE;
  const symbol = { text: asPrinted || variant ? paddle.text : tesseract.text, confidence: tesseract.confidence, box: paddle.box };
  if (starts.has(tesseract) || starts.has(paddle)) starts.add(symbol);
  return symbol;
}

/** A piece of a merged line: agreed symbols, or a group and the reading it went to. */
type Piece = { symbols: OcrSymbol[]; group?: Group; fromPaddle?: boolean };

/** Which reading's character alone makes a dictionary word with an agreed neighbour, if one does. */
function dictionaryVote(tesseract: string, paddle: string, left: string | undefined, right: string | undefined, isWord: (text: string) => boolean): Vote {
  const makesWord = (c: string) => (left !== undefined && isWord(left + c)) || (right !== undefined && isWord(c + right));
  const forTesseract = makesWord(tesseract);
  const forPaddle = makesWord(paddle);
  if (forTesseract === forPaddle) return undefined;
  return forPaddle ? 'paddle' : 'tesseract';
}

function piecesOf(tesseract: readonly OcrSymbol[], paddle: readonly OcrSymbol[], evidence: MergeEvidence, starts: Set<OcrSymbol>): Piece[] {
  const a = tesseract.map(foldOf);
  const b = paddle.map(foldOf);
  const steps = alignSequences(a, b);
  const agrees = (step: AlignedStep) => step.a !== null && step.b !== null && a[step.a] === b[step.b];
  const pieces: Piece[] = [];
  for (let k = 0; k < steps.length; ) {
    const step = steps[k]!;
    if (agrees(step)) {
      pieces.push({ symbols: [agreed(tesseract[step.a!]!, paddle[step.b!]!, evidence.paddleDictionary, starts)] });
      k++;
      continue;
    }
    let end = k;
    while (end < steps.length && !agrees(steps[end]!)) end++;
    const run = steps.slice(k, end);
    const fromTesseract = run.flatMap((s) => (s.a === null ? [] : [tesseract[s.a]!]));
    const fromPaddle = run.flatMap((s) => (s.b === null ? [] : [paddle[s.b]!]));
    if (![...fromTesseract, ...fromPaddle].every((s) => isChineseOrPunctuation(s.text))) {
      // Latin letters and digits: PaddleOCR reads them better, and as a whole.
      // Where tesseract read nothing, they are held to the bar of any character only PaddleOCR
      // read (samples/ page 6: an `l` at 68 between 引 and 述, a stroke of neither).
      const group = { tesseract: fromTesseract, paddle: fromPaddle };
      const wins = fromTesseract.length > 0 || paddleWins(group, false);
      pieces.push({ symbols: wins ? fromPaddle : fromTesseract, group, fromPaddle: wins });
    } else {
      // One character for one, each pair near one place: each place is decided on its own.
      // Grouped by overlap, boxes a glyph off chained neighbouring places into one group, which
      // the mean confidence of both gave to one reading (holdout page 3: tesseract 訊 99 貞 93,
      // PaddleOCR 計 80 員 98, read 訊貞 for 訊員; both engines' boxes there a character apart).
      // Pairs the alignment made of characters standing far apart (a mark of another column)
      // are grouped by overlap as before.
      const oneForOne = run.every((s) => s.a !== null && s.b !== null && nearby(tesseract[s.a]!.box, paddle[s.b]!.box));
      const groups = oneForOne ? run.map((s) => ({ tesseract: [tesseract[s.a!]!], paddle: [paddle[s.b!]!] })) : groupsOf(fromTesseract, fromPaddle);
      // A single place, its neighbours (where the line has them) agreed: the dictionary may vote (WORD_MARGIN).
      const before = steps[k - 1];
      const after = steps[end];
      const vote =
        oneForOne && run.length === 1
          ? dictionaryVote(a[run[0]!.a!]!, b[run[0]!.b!]!, before && a[before.a!], after && a[after.a!], evidence.isWord)
          : undefined;
      for (const group of groups) {
        const wins = paddleWins(group, group.paddle.length > 0 && group.paddle.at(-1) === paddle.at(-1), vote);
        pieces.push({ symbols: wins ? group.paddle : group.tesseract, group, fromPaddle: wins });
      }
    }
    k = end;
  }
  return pieces;
}

const foldedText = (symbols: readonly OcrSymbol[]) => foldToSimplified(symbols.map((s) => s.text).join(''));

/** Groups that made a glossary term neither reading holds go back to tesseract's reading. */
function withoutInventedTerms(pieces: Piece[], tesseract: readonly OcrSymbol[], paddle: readonly OcrSymbol[], terms: RescueIndex): Piece[] {
  if (terms.folds.size === 0 || !pieces.some((p) => p.fromPaddle)) return pieces;
  const seen = new Set([...termsIn(foldedText(tesseract), terms), ...termsIn(foldedText(paddle), terms)]);
  const invented = termsIn(foldedText(pieces.flatMap((p) => p.symbols)), terms).filter((t) => !seen.has(t));
  if (invented.length === 0) return pieces;
  // Which pieces a term spans is not tracked: every group taken from PaddleOCR goes back, which
  // is the reading as tesseract had it there.
  return pieces.map((p) => (p.fromPaddle && p.group ? { symbols: p.group.tesseract, group: p.group, fromPaddle: false } : p));
}

/** A segment of two or more characters one below the other (PaddleOCR reads those top to bottom). */
function isVertical(segment: OcrLine): boolean {
  return segment.symbols.length >= 2 && segment.box.h >= VERTICAL_RATIO * segment.box.w;
}

/** `starts`: the symbols that begin a word in the reading they come from. */
function lineOf(symbols: OcrSymbol[], starts: ReadonlySet<OcrSymbol>, box: Box): OcrLine {
  // Chinese characters and punctuation are words of their own, as tesseract reports them.
  const wordStarts = symbols.flatMap((s, i) => (i === 0 || starts.has(s) || isChineseOrPunctuation(s.text) || isChineseOrPunctuation(symbols[i - 1]!.text) ? [i] : []));
  return { symbols, wordStarts, box: unionBoxes([box, ...symbols.map((s) => s.box)])! };
}

export function mergeReadings(tesseract: RawOcr, paddle: RawOcr, evidence: MergeEvidence): RawOcr {
  const starts = new Set<OcrSymbol>();
  for (const line of [...tesseract.lines, ...paddle.lines]) for (const i of line.wordStarts) starts.add(line.symbols[i]!);
  const claimable = tesseract.lines.map((line, l) => line.symbols.map((symbol, index) => ({ symbol, line: l, index })));
  const taken = new Set<Claimed>();
  const lines: OcrLine[] = [];
  for (const segment of paddle.lines) {
    const mine = claim(segment, claimable, taken).map((c) => c.symbol);
    // A column of vertical text (a caption, a banner) is read along y, which the alignment and
    // the grouping here do not do; tesseract's block mode reads it as garbage anyway.
    if (isVertical(segment)) {
      lines.push(segment);
      continue;
    }
    // A segment tesseract read nothing of (a heading it did not find) is PaddleOCR's alone:
    // there tesseract's silence is no evidence against a character, as it is within a line.
    if (mine.length === 0 && meanConfidence(segment.symbols) >= UNREAD_SEGMENT_MIN_CONFIDENCE) {
      lines.push(segment);
      continue;
    }
    const pieces = withoutInventedTerms(piecesOf(mine, segment.symbols, evidence, starts), mine, segment.symbols, evidence.terms);
    const symbols = pieces.flatMap((p) => p.symbols);
    if (symbols.length > 0) lines.push(lineOf(symbols, starts, segment.box));
  }
  for (const line of claimable) {
    let run: OcrSymbol[] = [];
    const flush = () => {
      if (run.length > 0 && meanConfidence(run) >= UNCLAIMED_MIN_CONFIDENCE) {
        lines.push(lineOf(run, starts, unionBoxes(run.map((s) => s.box))!));
      }
      run = [];
    };
    for (const c of line) {
      if (taken.has(c)) flush();
      else run.push(c.symbol);
    }
    flush();
  }
  const all = lines.flatMap((l) => l.symbols);
  return {
    engine: `${paddle.engine}+${tesseract.engine}`,
    languages: [...new Set([...paddle.languages, ...tesseract.languages])],
    text: lines.map((l) => l.symbols.map((s, i) => (i > 0 && l.wordStarts.includes(i) && !isChineseOrPunctuation(s.text) ? ' ' : '') + s.text).join('')).join('\n'),
    meanConfidence: meanConfidence(all),
    lines,
    ...(tesseract.alternatives ? { alternatives: tesseract.alternatives } : {}),
  };
}
