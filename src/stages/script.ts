import { z } from 'zod';
import { detectScript, simplifyChar } from '../script/han-script.ts';

export const ScriptSchema = z.enum(['simplified', 'traditional', 'mixed', 'none']);

/**
 * The text's script, and its simplified form for matching. `toText[i]` is the code point of
 * `text` that produced code point i of `simplified`; one code point may convert to several,
 * so lengths can differ and every consumer maps offsets through this table.
 */
export type ScriptResult = {
  script: z.infer<typeof ScriptSchema>;
  simplified: string;
  toText: Int32Array;
};

export function analyseScript(text: string): ScriptResult {
  const chars = [...text];
  const out: string[] = [];
  const map: number[] = [];
  chars.forEach((ch, i) => {
    for (const converted of simplifyChar(ch)) {
      out.push(converted);
      map.push(i);
    }
  });
  map.push(chars.length);
  return { script: detectScript(text), simplified: out.join(''), toText: Int32Array.from(map) };
}
