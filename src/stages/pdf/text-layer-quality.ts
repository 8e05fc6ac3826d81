import { commonHanCharacters } from '../../script/common-han.ts';

/**
 * Whether a page's text layer can be believed. A PDF maps glyphs to characters through its
 * fonts' ToUnicode maps; where one is missing or wrong, the text layer is the PDF's fault and
 * no use to anyone (someone else's tool turned the Chinese of Patrol and Persuade's screenshots
 * into 管侨磷秘). Three signs, each measured over the layer's non-space characters:
 * - private-use code points or U+FFFD (glyphs mapped to nothing real);
 * - characters outside the scripts a Chinese or English page uses (glyph ids read as code
 *   points land in Greek, Cyrillic, Armenian, control characters …);
 * - Chinese characters that are mostly rare ones (a map shifted into the CJK block).
 */

export type TextLayerVerdict = { usable: true } | { usable: false; reason: string };

/** Above this share of unmapped characters the layer is garbage. */
const MAX_UNMAPPED_SHARE = 0.02;
/** Below this share of characters from Chinese and English pages' scripts. */
const MIN_EXPECTED_SHARE = 0.85;
/** Below this share of everyday characters among the Chinese ones (running text: above 0.99). */
const MIN_COMMON_HAN_SHARE = 0.7;
/** Too few characters to judge by their mix. */
const MIN_CHARS_TO_JUDGE = 12;

const UNMAPPED = /[\u{e000}-\u{f8ff}\u{f0000}-\u{10ffff}\ufffd\p{Cc}]/u;
const HAN = /\p{Script=Han}/u;
/**
 * What a Chinese or English page is made of: Han and kana, Latin letters, digits, punctuation
 * and the symbol blocks (U+2000–U+2BFF: dashes, quotes, bullets, arrows, box drawing), CJK
 * punctuation and full-width forms.
 */
const EXPECTED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\p{Script=Latin}\p{N}\p{P}\u0020-\u007e\u00a0-\u00bf\u00d7\u00f7\u02b0-\u036f\u2000-\u2bff\u3000-\u303f\u3200-\u33ff\ufe30-\ufe4f\uff00-\uffef]/u;

export function assessTextLayer(text: string): TextLayerVerdict {
  const chars = Array.from(text).filter((ch) => !/\s/u.test(ch));
  if (chars.length === 0) return { usable: true };
  const common = commonHanCharacters();
  let unmapped = 0;
  let expected = 0;
  let han = 0;
  let commonHan = 0;
  for (const ch of chars) {
    if (UNMAPPED.test(ch)) unmapped++;
    else if (EXPECTED.test(ch)) expected++;
    if (HAN.test(ch)) {
      han++;
      if (common.has(ch)) commonHan++;
    }
  }
  const share = (n: number, of: number) => `${Math.round((100 * n) / of)}%`;
  if (unmapped > 0 && (unmapped >= MIN_CHARS_TO_JUDGE / 4 || chars.length < MIN_CHARS_TO_JUDGE) && unmapped / chars.length > MAX_UNMAPPED_SHARE) {
    return { usable: false, reason: `${share(unmapped, chars.length)} of its characters are private-use or unmapped (U+FFFD)` };
  }
  if (chars.length >= MIN_CHARS_TO_JUDGE && expected / chars.length < MIN_EXPECTED_SHARE) {
    return { usable: false, reason: `only ${share(expected, chars.length)} of its characters are Chinese, Latin or punctuation` };
  }
  if (han >= MIN_CHARS_TO_JUDGE && commonHan / han < MIN_COMMON_HAN_SHARE) {
    return { usable: false, reason: `only ${share(commonHan, han)} of its Chinese characters are in everyday use (running text: over 99%)` };
  }
  return { usable: true };
}
