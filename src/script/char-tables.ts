import { classifyChar, simplifyChar, type CharScript } from './han-script.ts';

/**
 * Per-code-unit lookup tables over the Basic Multilingual Plane, filled lazily from opencc:
 * the script stage runs over whole leaks (megabytes of text), and a typed-array lookup per
 * character is two orders of magnitude cheaper than a string conversion or a regex test.
 */
const NOT_YET = 0;
/** The simplified form is not a single BMP code unit (or the code unit is a surrogate). */
export const NOT_ONE_TO_ONE = 0xffff;

const simplifiedCode = new Uint16Array(0x10000);

/** The simplified code unit for a BMP code unit, or NOT_ONE_TO_ONE. */
export function simplifiedCodeOf(code: number): number {
  const known = simplifiedCode[code]!;
  if (known !== NOT_YET) return known;
  let result = NOT_ONE_TO_ONE;
  if (code < 0xd800 || code > 0xdfff) {
    const converted = simplifyChar(String.fromCharCode(code));
    if (converted.length === 1 && converted.charCodeAt(0) !== NOT_ONE_TO_ONE) result = converted.charCodeAt(0);
  }
  simplifiedCode[code] = result;
  return result;
}

export const SCRIPT_CLASS = { simplified: 1, traditional: 2, shared: 3, other: 4 } as const satisfies Record<CharScript, number>;
const scriptClass = new Uint8Array(0x10000);

/** classifyChar for a BMP code unit, as one of SCRIPT_CLASS. */
export function scriptClassOf(code: number): number {
  const known = scriptClass[code]!;
  if (known !== 0) return known;
  const result = SCRIPT_CLASS[classifyChar(String.fromCharCode(code))];
  scriptClass[code] = result;
  return result;
}

/** Han ideographs, by code unit: the BMP blocks, and any surrogate (the supplementary Han planes). */
export function isHanCode(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code === 0x3007 ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** Whitespace that OCR and line wrapping put into text. */
export function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0xfeff
  );
}
