/**
 * Decoded 8-bit pixels, rows packed, channels interleaved. Preprocessing hands a page to the OCR
 * engines this way, grey (1 channel) or, with its greyscale step off, RGB (3): each engine
 * would otherwise decode an encoded page again. Handing over a PNG cost an encode and a decode
 * per page, and PaddleOCR decoded the grey page to RGBA, four times its size.
 */
export type RawImage = { data: Uint8Array; width: number; height: number; channels: number };

/** sharp's raw output as a RawImage (a view of the same memory). */
export function toRawImage({ data, info }: { data: Buffer; info: { width: number; height: number; channels: number } }): RawImage {
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels };
}
