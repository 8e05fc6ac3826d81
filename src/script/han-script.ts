import { openccConverter } from './opencc-converter.ts';

/**
 * Character-level knowledge about simplified vs traditional Chinese, from opencc-js.
 * Conversion is done one code point at a time so that every output character maps back
 * to exactly one input character: phrase-level conversion reads better but can change
 * lengths, and matching needs offsets it can trust.
 */
const toSimplified = openccConverter('t2s');
const toTraditional = openccConverter('s2t');

/**
 * Characters that opencc maps to a traditional form but that are standard in traditional
 * writing as well (台灣, 皇后, 干擾, 里長…). Counting them as simplified would call a
 * Taiwanese page "mixed".
 */
const ALSO_TRADITIONAL = new Set([...'台后干里面于余征冲只出周系制谷松范丑斗卷克咸弦蒙价着注布才杰舍回尸划伙占向吊合折涌沈']);
/**
 * The Hong Kong or Taiwan standard form of a character whose opencc traditional form differs
 * (温 for 溫 and 户 for 戶 in Hong Kong): every character opencc's s2hk or s2tw leaves as it is
 * though s2t changes it. A zh-HK page holds them; counted as simplified, they were "harmonised"
 * into the other form on a traditional page (holdout: 温→溫 11 times in 24 pages).
 */
const REGIONAL_TRADITIONAL = new Set([...'兑卧叁吃唇囱媪峰床悦愠户捝揾敚棁榅氲涚温灶煴痴皂秘税粽群脱腽葱蒀蜕']);

/** A per-code-point converter that remembers its answers: the same few thousand characters recur. */
function perCharacter(convert: (text: string) => string): (ch: string) => string {
  const cache = new Map<string, string>();
  return (ch) => {
    let out = cache.get(ch);
    if (out === undefined) {
      out = convert(ch) || ch;
      cache.set(ch, out);
    }
    return out;
  };
}

/** The simplified form of one code point (usually one code point, never empty). */
export const simplifyChar = perCharacter(toSimplified);

/** The traditional form of one code point. */
export const traditionalizeChar = perCharacter(toTraditional);

export type CharScript = 'simplified' | 'traditional' | 'shared' | 'other';

const HAN = /\p{Script=Han}/u;

/** Whether a character is only written in simplified, only in traditional, or in both. */
export function classifyChar(ch: string): CharScript {
  if (!HAN.test(ch)) return 'other';
  if (simplifyChar(ch) !== ch) return 'traditional';
  if (traditionalizeChar(ch) !== ch && !ALSO_TRADITIONAL.has(ch) && !REGIONAL_TRADITIONAL.has(ch)) return 'simplified';
  return 'shared';
}

export type Script = 'simplified' | 'traditional' | 'mixed' | 'none';

export type ScriptCounts = { simplified: number; traditional: number; shared: number };

export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { simplified: 0, traditional: 0, shared: 0 };
  for (const ch of text) {
    const kind = classifyChar(ch);
    if (kind !== 'other') counts[kind] += 1;
  }
  return counts;
}

/**
 * The page's script from its distinctive characters. A page is "mixed" only when the minority
 * script is a real share of it: OCR routinely misreads a few characters into the other script.
 */
export function detectScript(text: string): Script {
  return scriptFromCounts(countScripts(text));
}

export function scriptFromCounts(counts: ScriptCounts, minorityShare = 0.2): Script {
  const { simplified, traditional, shared } = counts;
  if (simplified + traditional === 0) return shared > 0 ? 'simplified' : 'none';
  const minority = Math.min(simplified, traditional);
  if (minority >= 2 && minority / (simplified + traditional) >= minorityShare) return 'mixed';
  return simplified >= traditional ? 'simplified' : 'traditional';
}
