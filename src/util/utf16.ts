const decoder = new TextDecoder('utf-16le');

/** A string from UTF-16 code units, without a call per character or argument-count limits. */
export function stringFromCodes(codes: Uint16Array, length = codes.length): string {
  const view = codes.subarray(0, length);
  return decoder.decode(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/** A growable Uint16Array, for outputs that are usually as long as the input but may grow. */
export function ensureCapacity(codes: Uint16Array<ArrayBuffer>, needed: number): Uint16Array<ArrayBuffer> {
  if (needed <= codes.length) return codes;
  const grown = new Uint16Array(Math.max(needed, codes.length * 2));
  grown.set(codes);
  return grown;
}

export function ensureCapacity32(values: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= values.length) return values;
  const grown = new Int32Array(Math.max(needed, values.length * 2));
  grown.set(values);
  return grown;
}
