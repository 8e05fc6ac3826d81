import { NOT_ONE_TO_ONE, SCRIPT_CLASS, scriptClassOf, simplifiedCodeOf } from '../script/char-tables.ts';
import { scriptFromCounts, simplifyChar, type ScriptCounts } from '../script/han-script.ts';
import type { ScriptResult } from '../domain/script.ts';
import { ensureCapacity, ensureCapacity32, stringFromCodes } from '../util/utf16.ts';

export function analyseScript(text: string): ScriptResult {
  const n = text.length;
  let codes = new Uint16Array(n + 8);
  let toText = new Int32Array(n + 9);
  const counts: ScriptCounts = { simplified: 0, traditional: 0, shared: 0 };
  let out = 0;
  let codePoint = 0;
  for (let i = 0; i < n; i++, codePoint++) {
    const code = text.charCodeAt(i);
    const isPair = code >= 0xd800 && code <= 0xdbff && i + 1 < n;
    if (!isPair) {
      countClass(counts, scriptClassOf(code));
      const simple = simplifiedCodeOf(code);
      if (simple !== NOT_ONE_TO_ONE) {
        codes[out] = simple;
        toText[out++] = codePoint;
        continue;
      }
    }
    // Astral characters and the rare conversions that change length take the string path.
    const original = isPair ? text.slice(i, i + 2) : text[i]!;
    const converted = simplifyChar(original);
    if (isPair) {
      i++;
      counts.shared += /\p{Script=Han}/u.test(original) ? 1 : 0;
    }
    codes = ensureCapacity(codes, out + converted.length + 1);
    toText = ensureCapacity32(toText, out + converted.length + 2);
    for (let k = 0; k < converted.length; k++) {
      codes[out] = converted.charCodeAt(k);
      toText[out++] = codePoint;
    }
  }
  toText[out] = codePoint;
  return {
    script: scriptFromCounts(counts),
    simplified: stringFromCodes(codes, out),
    codes,
    length: out,
    toText,
  };
}

function countClass(counts: ScriptCounts, cls: number): void {
  if (cls === SCRIPT_CLASS.simplified) counts.simplified++;
  else if (cls === SCRIPT_CLASS.traditional) counts.traditional++;
  else if (cls === SCRIPT_CLASS.shared) counts.shared++;
}
