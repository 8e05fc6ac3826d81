import { foldToSimplified } from '../../glossary/glossary-forms.ts';
import { termsIn, type RescueIndex } from '../glossary-rescue.ts';
import type { CtcCharacter } from './ctc-decode.ts';

/**
 * Takes the recogniser's second choice for a character where that choice, and only it, makes a
 * glossary term. On samples/ PaddleOCR read 丽岙 as 丽委 (岙 its runner-up at 0.30 against
 * 0.32) and 青田 as 青由 (田 at 0.09): the model saw the right character and narrowly preferred
 * another. A glossary term is worth a one-character correction there, and only there:
 *
 * - the runner-up must have some real probability (RUNNER_UP_MIN_CONFIDENCE), not be noise;
 * - the term must be at least two characters long, and it is found in the segment as read by
 *   the model with exactly that one character replaced;
 * - the text read at that place holds no glossary term (a term read right is never turned into
 *   another term).
 *
 * This is the same evidence rule as glossary-rescue.ts, which takes terms from a second OCR
 * pass; here the second opinion is the model's own.
 */
export const RUNNER_UP_MIN_CONFIDENCE = 0.05;

/** The longest glossary term that covers position i of `folds`, as [start, end), or null. */
function termCovering(folds: readonly string[], i: number, index: RescueIndex): [number, number] | null {
  let best: [number, number] | null = null;
  for (let start = Math.max(0, i - index.maxLength + 1); start <= i; start++) {
    for (let length = Math.max(2, i - start + 1); length <= index.maxLength && start + length <= folds.length; length++) {
      if (!index.folds.has(folds.slice(start, start + length).join(''))) continue;
      if (!best || length > best[1] - best[0]) best = [start, start + length];
    }
  }
  return best;
}

export function rescueWithRunnerUps(characters: readonly CtcCharacter[], index: RescueIndex): { characters: CtcCharacter[]; rescued: number } {
  const result = [...characters];
  if (index.folds.size === 0) return { characters: result, rescued: 0 };
  const folds = result.map((c) => foldToSimplified(c.text));
  let rescued = 0;
  for (let i = 0; i < result.length; i++) {
    const runnerUp = result[i]!.runnerUp;
    if (!runnerUp || runnerUp.confidence < RUNNER_UP_MIN_CONFIDENCE) continue;
    const replaced = [...folds];
    replaced[i] = foldToSimplified(runnerUp.text);
    const term = termCovering(replaced, i, index);
    if (!term || termsIn(folds.slice(term[0], term[1]).join(''), index).length > 0) continue;
    result[i] = { ...result[i]!, text: runnerUp.text, confidence: runnerUp.confidence, runnerUp: { text: result[i]!.text, confidence: result[i]!.confidence } };
    folds[i] = replaced[i]!;
    rescued++;
  }
  return { characters: result, rescued };
}
