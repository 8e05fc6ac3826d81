import type { ScriptResult } from '../stages/script.ts';

/**
 * The text as the matcher sees it: simplified, with the spaces and line breaks that stand
 * between Han characters taken out, because OCR puts spaces between Chinese characters and
 * screenshots wrap 海外联络⏎站 across lines. `toText[i]` maps code point i of `chars` back to
 * the original text; `toText[length]` is the length of the original text.
 */
export type MatchView = {
  chars: string;
  length: number;
  toText: Int32Array;
};

const HAN = /\p{Script=Han}/u;
const BREAK = /\s/u;

export function buildMatchView(script: ScriptResult): MatchView {
  const input = [...script.simplified];
  const kept: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (BREAK.test(ch) && joinsHan(input, i)) continue;
    kept.push(ch);
    map.push(script.toText[i]!);
  }
  map.push(script.toText[input.length]!);
  return { chars: kept.join(''), length: kept.length, toText: Int32Array.from(map) };
}

/**
 * A whitespace run is dropped when it touches a Han character on either side (海外 110 is
 * 海外110), and kept between Latin words, which need their spaces.
 */
function joinsHan(chars: readonly string[], at: number): boolean {
  let before = at - 1;
  while (before >= 0 && BREAK.test(chars[before]!)) before--;
  let after = at + 1;
  while (after < chars.length && BREAK.test(chars[after]!)) after++;
  if (before < 0 || after >= chars.length) return false;
  return HAN.test(chars[before]!) || HAN.test(chars[after]!);
}
