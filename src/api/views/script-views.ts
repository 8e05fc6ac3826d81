import { simplifyChar, traditionalizeChar } from '../../script/han-script.ts';

/**
 * The text in simplified and traditional script for the page's toggle, converted one code
 * point at a time so that hit offsets (code points) mark the same characters in every version.
 * Where a character would convert to more or fewer than one code point it is left as it is, and
 * a one-to-many traditional form takes opencc's first choice: a reading aid, not a translation;
 * the original stays the evidence.
 */
export function scriptViews(text: string): { original: string; simplified: string; traditional: string } {
  let simplified = '';
  let traditional = '';
  for (const ch of text) {
    const s = simplifyChar(ch);
    const t = traditionalizeChar(ch);
    simplified += [...s].length === 1 ? s : ch;
    traditional += [...t].length === 1 ? t : ch;
  }
  return { original: text, simplified, traditional };
}
