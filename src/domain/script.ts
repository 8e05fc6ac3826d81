import { z } from 'zod';

/** The script a text is written in, as every output contract names it. */
export const ScriptSchema = z.enum(['simplified', 'traditional', 'mixed', 'none']);

export type Script = z.infer<typeof ScriptSchema>;

/**
 * The text's script, and its simplified form for matching, converted one character at a time
 * so every character of the simplified form comes from one character of the text.
 * `simplified` is held as UTF-16 code units; `toText[i]` is the CODE POINT offset in `text` of
 * the character that produced code unit i (one entry past the end holds the text's length in
 * code points). Conversions are not always one-to-one in length, so every consumer maps offsets
 * through this table instead of assuming equal positions.
 */
export type ScriptResult = {
  script: Script;
  simplified: string;
  codes: Uint16Array;
  length: number;
  toText: Int32Array;
};
