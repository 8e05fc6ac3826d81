/**
 * Greedy CTC decoding of PaddleOCR's recognition output that keeps where each character fired.
 * The recogniser slides over the line image left to right and emits, per timestep, a score for
 * every dictionary entry plus "blank" (index 0). A character is a run of one label; repeats of
 * the same label are one character unless a blank separates them. The timestep where a
 * character's run starts and ends tells where it sits on the line, which is what lets termlens
 * give PaddleOCR's characters their own boxes.
 */

export type CtcCharacter = {
  text: string;
  /** Probability of the label at its most confident timestep, 0–1. */
  confidence: number;
  /** First and last timestep (inclusive) of the character's run. */
  firstStep: number;
  lastStep: number;
  /**
   * The recogniser's runner-up for this character: the most probable other label at any
   * timestep of its run, with that probability (0–1). Evidence for glossary rescue.
   */
  runnerUp?: { text: string; confidence: number };
};

export type CtcLine = { characters: CtcCharacter[]; steps: number };

/**
 * `scores` is the model output for one line: `steps` rows of `classes` values (softmax
 * probabilities). `dictionary[k - 1]` is the text of label k.
 */
export function decodeCtc(scores: Float32Array, steps: number, classes: number, dictionary: readonly string[]): CtcLine {
  const characters: CtcCharacter[] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    let bestScore = scores[row]!;
    let second = -1;
    let secondScore = -Infinity;
    for (let k = 1; k < classes; k++) {
      const score = scores[row + k]!;
      if (score > bestScore) {
        if (best !== 0) {
          second = best;
          secondScore = bestScore;
        }
        bestScore = score;
        best = k;
      } else if (score > secondScore) {
        second = k;
        secondScore = score;
      }
    }
    const noteRunnerUp = (character: CtcCharacter) => {
      const text = second > 0 ? dictionary[second - 1] : undefined;
      if (text !== undefined && secondScore > (character.runnerUp?.confidence ?? 0)) character.runnerUp = { text, confidence: secondScore };
    };
    if (best !== 0 && best === previous) {
      const current = characters[characters.length - 1]!;
      current.lastStep = t;
      current.confidence = Math.max(current.confidence, bestScore);
      noteRunnerUp(current);
    } else if (best !== 0) {
      const text = dictionary[best - 1];
      // A label past the dictionary's end (a model/dictionary mismatch) reads as blank.
      if (text === undefined) {
        previous = 0;
        continue;
      }
      const character: CtcCharacter = { text, confidence: bestScore, firstStep: t, lastStep: t };
      noteRunnerUp(character);
      characters.push(character);
    }
    previous = best;
  }
  return { characters, steps };
}
