/**
 * BMP by hand, because sharp (libvips without ImageMagick) cannot read it at all. Ingest uses
 * it to prove a BMP is whole before accepting it; a stage that feeds images to sharp can decode
 * a BMP here and pass the pixels as raw input:
 *   const { data, width, height } = decodeBmp(bytes);
 *   sharp(data, { raw: { width, height, channels: 4 } })
 *
 * Covers what screenshot tools and Windows write: uncompressed 1/4/8-bit palette, 16/24/32-bit,
 * and BITFIELDS masks, bottom-up or top-down. RLE and embedded JPEG/PNG are refused as
 * unsupported: they are rare and tesseract's reader does not take them either.
 */

export type BmpHeader = {
  width: number;
  height: number;
  bitsPerPixel: number;
  /** 0 RGB, 3 BITFIELDS, 6 ALPHABITFIELDS; others are refused before this is returned. */
  compression: number;
  topDown: boolean;
  dataOffset: number;
  headerSize: number;
};

export type DecodedBmp = { data: Buffer; width: number; height: number; channels: 4 };

/** The file is not a BMP that can be read: `unsupported` for valid-but-unhandled variants. */
export class BmpError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, unsupported = false) {
    super(message);
    this.name = 'BmpError';
    this.unsupported = unsupported;
  }
}

const FILE_HEADER_SIZE = 14;
const CORE_HEADER_SIZE = 12;
const DIB_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);
const COMPRESSION_NAMES: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'JPEG', 5: 'PNG' };

function need(data: Uint8Array, end: number, what: string): void {
  if (data.length < end) throw new BmpError(`the file ends inside the ${what} (needs ${end} bytes, has ${data.length})`);
}

export function parseBmpHeader(data: Uint8Array): BmpHeader {
  if (data[0] !== 0x42 || data[1] !== 0x4d) throw new BmpError('it does not start with "BM"');
  need(data, FILE_HEADER_SIZE + 4, 'BMP header');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (!DIB_HEADER_SIZES.has(headerSize)) throw new BmpError(`the BMP header size ${headerSize} is not a known one`);
  need(data, FILE_HEADER_SIZE + headerSize, 'BMP header');

  let width: number;
  let rawHeight: number;
  let planes: number;
  let bitsPerPixel: number;
  let compression = 0;
  if (headerSize === CORE_HEADER_SIZE) {
    width = view.getUint16(18, true);
    rawHeight = view.getUint16(20, true);
    planes = view.getUint16(22, true);
    bitsPerPixel = view.getUint16(24, true);
  } else {
    width = view.getInt32(18, true);
    rawHeight = view.getInt32(22, true);
    planes = view.getUint16(26, true);
    bitsPerPixel = view.getUint16(28, true);
    compression = view.getUint32(30, true);
  }
  if (planes !== 1) throw new BmpError(`the BMP header gives ${planes} colour planes instead of 1`);
  if (width <= 0 || rawHeight === 0) throw new BmpError(`the BMP header gives a size of ${width}×${rawHeight}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) {
    throw new BmpError(`the BMP header gives ${bitsPerPixel} bits per pixel`);
  }
  const compressionName = COMPRESSION_NAMES[compression];
  if (compressionName) throw new BmpError(`${compressionName}-compressed BMP is not supported`, true);
  if (compression !== 0 && compression !== 3 && compression !== 6) {
    throw new BmpError(`the BMP compression method ${compression} is not a known one`);
  }
  if (compression !== 0 && bitsPerPixel !== 16 && bitsPerPixel !== 32) {
    throw new BmpError(`BITFIELDS masks with ${bitsPerPixel} bits per pixel are not valid`);
  }
  if (dataOffset < FILE_HEADER_SIZE + headerSize) throw new BmpError(`the pixel data offset ${dataOffset} points into the header`);
  return { width, height: Math.abs(rawHeight), bitsPerPixel, compression, topDown: rawHeight < 0, dataOffset, headerSize };
}

type Channel = { mask: number; shift: number; max: number };

function channel(mask: number): Channel | null {
  if (mask === 0) return null;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { mask, shift, max: mask >>> shift };
}

function scale(value: number, c: Channel | null, otherwise: number): number {
  if (!c) return otherwise;
  return Math.round((((value & c.mask) >>> c.shift) * 255) / c.max);
}

function masksOf(view: DataView, header: BmpHeader): [Channel | null, Channel | null, Channel | null, Channel | null] {
  if (header.compression === 0) {
    // Without BITFIELDS, 16-bit is 5-5-5 and 32-bit is BGRX: the fourth byte is padding.
    return header.bitsPerPixel === 16
      ? [channel(0x7c00), channel(0x03e0), channel(0x001f), null]
      : [channel(0x00ff0000), channel(0x0000ff00), channel(0x000000ff), null];
  }
  // Masks follow the 40-byte part of the header, inside it for V2 and later headers.
  const hasAlpha = header.compression === 6 || header.headerSize >= 56;
  const at = FILE_HEADER_SIZE + 40;
  if (view.byteLength < at + (hasAlpha ? 16 : 12)) throw new BmpError('the file ends inside the BITFIELDS masks');
  return [
    channel(view.getUint32(at, true)),
    channel(view.getUint32(at + 4, true)),
    channel(view.getUint32(at + 8, true)),
    hasAlpha ? channel(view.getUint32(at + 12, true)) : null,
  ];
}

function paletteOf(data: Uint8Array, header: BmpHeader): Uint8Array[] {
  const entrySize = header.headerSize === CORE_HEADER_SIZE ? 3 : 4;
  const start = FILE_HEADER_SIZE + header.headerSize;
  const declared =
    header.headerSize === CORE_HEADER_SIZE ? 0 : new DataView(data.buffer, data.byteOffset).getUint32(46, true);
  const wanted = declared > 0 && declared < 1 << header.bitsPerPixel ? declared : 1 << header.bitsPerPixel;
  // Writers often store fewer entries than the depth allows; what fits before the pixels counts.
  const fits = Math.floor((Math.min(header.dataOffset, data.length) - start) / entrySize);
  const count = Math.min(wanted, fits);
  if (count < 1) throw new BmpError(`the ${header.bitsPerPixel}-bit BMP has no colour palette`);
  const palette: Uint8Array[] = [];
  for (let i = 0; i < count; i++) palette.push(data.subarray(start + i * entrySize, start + i * entrySize + 3));
  return palette;
}

/** Whether `data` holds the whole pixel array its header promises; throws BmpError if not. */
export function checkBmp(data: Uint8Array): BmpHeader {
  const header = parseBmpHeader(data);
  const rowBytes = Math.ceil((header.bitsPerPixel * header.width) / 32) * 4;
  const end = header.dataOffset + rowBytes * header.height;
  if (data.length < end) {
    throw new BmpError(`the pixel data is cut short (needs ${end} bytes, the file has ${data.length})`);
  }
  if (header.bitsPerPixel <= 8) paletteOf(data, header);
  else masksOf(new DataView(data.buffer, data.byteOffset, data.byteLength), header);
  return header;
}

/** Pixels as RGBA, top row first. */
export function decodeBmp(data: Uint8Array): DecodedBmp {
  const header = checkBmp(data);
  const { width, height, bitsPerPixel } = header;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const rowBytes = Math.ceil((bitsPerPixel * width) / 32) * 4;
  const out = Buffer.alloc(width * height * 4);
  const palette = bitsPerPixel <= 8 ? paletteOf(data, header) : [];
  const [r, g, b, a] = bitsPerPixel >= 16 ? masksOf(view, header) : [null, null, null, null];
  const black = new Uint8Array([0, 0, 0]);
  let maxAlpha = 0;

  for (let y = 0; y < height; y++) {
    const row = header.dataOffset + (header.topDown ? y : height - 1 - y) * rowBytes;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      if (bitsPerPixel <= 8) {
        const bit = x * bitsPerPixel;
        const byte = data[row + (bit >> 3)]!;
        const index = (byte >> (8 - bitsPerPixel - (bit & 7))) & ((1 << bitsPerPixel) - 1);
        // An index past a short palette is black, as browsers show it.
        const entry = palette[index] ?? black;
        out[o] = entry[2]!;
        out[o + 1] = entry[1]!;
        out[o + 2] = entry[0]!;
        out[o + 3] = 255;
      } else if (bitsPerPixel === 24) {
        const p = row + x * 3;
        out[o] = data[p + 2]!;
        out[o + 1] = data[p + 1]!;
        out[o + 2] = data[p]!;
        out[o + 3] = 255;
      } else {
        const value = bitsPerPixel === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        out[o] = scale(value, r, 0);
        out[o + 1] = scale(value, g, 0);
        out[o + 2] = scale(value, b, 0);
        out[o + 3] = scale(value, a, 255);
        maxAlpha = Math.max(maxAlpha, out[o + 3]!);
      }
    }
  }
  // Some writers declare an alpha mask and leave it zero everywhere; they mean opaque.
  if (a && maxAlpha === 0) for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return { data: out, width, height, channels: 4 };
}
