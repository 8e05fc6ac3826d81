import yauzl from 'yauzl';

/**
 * File names whose bytes say nothing of their encoding: zip entries without the UTF-8 flag, and
 * names on disk. Zips made on Chinese Windows store GBK names unflagged, and `unzip` on Linux
 * writes those bytes to disk as they are; for the sources termlens reads that is far more
 * likely than the CP437 the zip specification prescribes. So: UTF-8 when the bytes are valid
 * UTF-8 (Linux, macOS and most modern tools write it unflagged), else GB18030 (a superset of
 * GBK) when they decode strictly as it, else CP437. A wrong guess costs only a garbled label:
 * names are never used to store anything.
 */

export type DecodedName = { text: string; encoding: 'utf-8' | 'gb18030' | 'cp437' };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
let gb18030: TextDecoder | null | undefined;

function gb18030Decoder(): TextDecoder | null {
  if (gb18030 === undefined) {
    try {
      gb18030 = new TextDecoder('gb18030', { fatal: true, ignoreBOM: true });
    } catch {
      // A Node built with small-icu has no GB18030; CP437 is then the only fallback.
      gb18030 = null;
    }
  }
  return gb18030;
}

export function decodeFileName(bytes: Uint8Array): DecodedName {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try the legacy encodings below
  }
  const gb = gb18030Decoder();
  if (gb) {
    try {
      return { text: gb.decode(bytes), encoding: 'gb18030' };
    } catch {
      // not GB18030 either
    }
  }
  return { text: yauzl.getFileNameLowLevel(0, Buffer.from(bytes), [], true), encoding: 'cp437' };
}

/**
 * A name as a key: control characters (a newline or NUL is legal in a zip entry name, and NUL
 * cannot go into a PostgreSQL text column) are written as \uXXXX escapes.
 */
export function printableName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
