import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { TextSourceSchema, type TextSource } from '../domain/source.ts';
import { InputError } from '../errors.ts';
import { describeContent, detectType } from '../files/describe-content.ts';
import { readInputFile } from '../files/read-input-file.ts';

/**
 * The first stage for a plain text file. Only UTF-8 is accepted: Chinese text saved as GBK or
 * Big5 would otherwise be read as mojibake and silently match nothing, so it is refused with
 * the byte where it stops being UTF-8.
 */

export type TextLimits = { maxTextBytes: number };

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(data: Uint8Array): number {
  let i = 0;
  while (i < data.length) {
    const b = data[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min, cp] = [2, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [length, min, cp] = [3, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [length, min, cp] = [4, 0x10000, b & 0x07];
    else return i;
    if (i + length > data.length) return i;
    for (let k = 1; k < length; k++) {
      const c = data[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += length;
  }
  return -1;
}

async function notUtf8(path: string, data: Buffer, problem: string): Promise<InputError> {
  const detected = await detectType(data);
  const hint = detected
    ? `it ${describeContent(data, detected)}`
    : data.includes(0)
      ? 'it looks like binary data'
      : 'if it is Chinese text in GBK/GB18030 or Big5, convert it to UTF-8 first';
  return new InputError('TEXT_NOT_UTF8', `${path}: ${problem}; ${hint}`);
}

export async function ingestText(path: string, { maxTextBytes }: TextLimits): Promise<TextSource> {
  const data = await readInputFile(path, { maxBytes: maxTextBytes, tooLargeCode: 'TEXT_TOO_LARGE', what: 'text files' });

  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
    throw new InputError('TEXT_NOT_UTF8', `${path}: ${describeContent(data, undefined)}, not UTF-8; save it as UTF-8`);
  }
  const hasBom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  const body = hasBom ? data.subarray(3) : data;

  const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
  if (bad >= 0) {
    const at = bad + (hasBom ? 3 : 0);
    throw await notUtf8(path, data, `not valid UTF-8 (byte 0x${data[at]!.toString(16).padStart(2, '0')} at offset ${at})`);
  }
  const nul = body.indexOf(0);
  if (nul >= 0) throw await notUtf8(path, data, `contains a NUL byte at offset ${nul + (hasBom ? 3 : 0)}`);

  const text = body.toString('utf8');
  if (text.length === 0) throw new InputError('EMPTY_FILE', `${path}: the file holds only a byte-order mark, no text`);

  return TextSourceSchema.parse({
    path,
    sha256: createHash('sha256').update(data).digest('hex'),
    bytes: data.length,
    text,
  });
}
