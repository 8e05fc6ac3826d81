import { fileTypeFromBuffer } from 'file-type';

/**
 * Says in a few words what a refused file looks like, so a user who dropped a PDF, an SVG or
 * an HTML error page saved as ".png" learns what they actually have.
 */

export type DetectedType = { ext: string; mime: string };

const SNIFF_BYTES = 4096;

/** Magic-byte type by file-type; undefined for text and unknown binary formats. */
export async function detectType(data: Uint8Array): Promise<DetectedType | undefined> {
  const found = await fileTypeFromBuffer(data);
  return found ? { ext: found.ext, mime: found.mime } : undefined;
}

/** True when the start of `data` decodes as UTF-8 and has almost no control characters. */
export function looksLikeText(data: Uint8Array): boolean {
  let head = data.subarray(0, SNIFF_BYTES);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  let decoded: string;
  try {
    // stream: a multi-byte character cut at the sniff boundary is not an error.
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  let control = 0;
  for (const ch of decoded) {
    const c = ch.codePointAt(0)!;
    if (c === 0) return false;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) || c === 0x7f) control++;
  }
  return control * 100 <= decoded.length;
}

function hexPrefix(data: Uint8Array, count = 8): string {
  return Array.from(data.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** E.g. "looks like application/pdf (.pdf)", "looks like text", "looks like an SVG drawing". */
export function describeContent(data: Uint8Array, detected: DetectedType | undefined): string {
  if (data[0] === 0xff && data[1] === 0xfe) return 'looks like UTF-16 text (byte-order mark FF FE)';
  if (data[0] === 0xfe && data[1] === 0xff) return 'looks like UTF-16 text (byte-order mark FE FF)';
  // file-type calls an SVG with an XML declaration plain XML and does not detect one without.
  if ((detected === undefined || detected.mime === 'application/xml') && looksLikeText(data)) {
    const start = Buffer.from(data.subarray(0, SNIFF_BYTES)).toString('utf8').trimStart().toLowerCase();
    if (/<svg[\s>]/.test(start)) return 'looks like an SVG drawing (XML text), not a raster image';
    if (/^(<!doctype html|<html|<head|<body)/.test(start)) return 'looks like an HTML page, not an image';
    if (detected) return `looks like ${detected.mime} (.${detected.ext}), not an image`;
    return 'looks like text, not an image';
  }
  if (detected) return `looks like ${detected.mime} (.${detected.ext})`;
  return `is not a recognised format (it starts with bytes ${hexPrefix(data)})`;
}
