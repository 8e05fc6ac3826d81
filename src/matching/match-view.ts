import { isHanCode, isSpaceCode } from '../script/char-tables.ts';
import type { ScriptResult } from '../domain/script.ts';
import { stringFromCodes } from '../util/utf16.ts';

/**
 * The text as the matcher sees it: simplified, with the spaces and line breaks that touch a
 * Han character taken out, because OCR puts spaces between Chinese characters and screenshots
 * wrap 海外联络⏎站 across lines. Held as UTF-16 code units (`codes`, and `chars` as a string
 * for the segmenter); view offsets are code units. `toText[i]` is the code point offset in the
 * original text of code unit i; `toText[length]` is the text's length in code points.
 */
export type MatchView = {
  codes: Uint16Array;
  chars: string;
  length: number;
  toText: Int32Array;
};

export function buildMatchView(script: ScriptResult): MatchView {
  const { codes: input, length: n, toText: inputToText } = script;
  const codes = new Uint16Array(n);
  const toText = new Int32Array(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const code = input[i]!;
    if (!isSpaceCode(code)) {
      codes[out] = code;
      toText[out++] = inputToText[i]!;
      continue;
    }
    let runEnd = i + 1;
    while (runEnd < n && isSpaceCode(input[runEnd]!)) runEnd++;
    // Dropped when it touches Han on either side (海外 110 is 海外110); kept between Latin words.
    const before = out > 0 ? codes[out - 1]! : -1;
    const after = runEnd < n ? input[runEnd]! : -1;
    const drop = before >= 0 && after >= 0 && (isHanCode(before) || isHanCode(after));
    if (!drop) {
      for (let k = i; k < runEnd; k++) {
        codes[out] = input[k]!;
        toText[out++] = inputToText[k]!;
      }
    }
    i = runEnd - 1;
  }
  toText[out] = inputToText[n]!;
  return { codes, chars: stringFromCodes(codes, out), length: out, toText };
}
