import type { GlossaryProblem } from '../../domain/glossary.ts';

export type TextFile = { text: string };

/**
 * An exchange file's bytes as UTF-8 text, the only encoding termlens reads and writes; a UTF-8
 * byte order mark is dropped. A spreadsheet saved as GBK or UTF-16 (Excel's defaults for
 * Chinese) would otherwise import as mojibake terms that match nothing, so it is refused with
 * the line of the first byte that is not UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): TextFile | GlossaryProblem {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { file, line: 1, severity: 'error', message: 'file is UTF-16; save it as UTF-8' };
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    return {
      file,
      line: lineAtByte(bytes, invalid),
      severity: 'error',
      message: `the byte at offset ${invalid} is not UTF-8 (a GBK or Big5 file?); save the file as UTF-8`,
    };
  }
  // ignoreBOM: false is what drops a leading byte order mark.
  return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes) };
}

export function isProblem(value: TextFile | GlossaryProblem): value is GlossaryProblem {
  return 'severity' in value;
}

function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}
