import { decode } from 'bmp-ts';

/**
 * BMP through bmp-ts, because sharp (libvips without ImageMagick) cannot read it at all. Ingest
 * decodes a BMP here to prove it is whole; preprocessing hands the pixels to sharp as raw input:
 *   const { data, width, height, channels } = decodeBmp(bytes);
 *   sharp(data, { raw: { width, height, channels } })
 *
 * bmp-ts decodes everything or nothing, into a buffer of width × height × 4 bytes allocated
 * before it reads a pixel, so the header is read here first: ingest checks the pixel limit
 * before any decoding, and a damaged header gets a reason instead of a RangeError from deep
 * inside bmp-ts. RLE is refused (bmp-ts puts its colour channels at the wrong offsets), as is
 * the OS/2 header (bmp-ts has none); the rest of bmp-ts 1.0.9's gaps are worked around below:
 * it reads the pixels right after the colour table whatever the header's pixel offset says,
 * takes V4/V5 headers' channel masks even without BITFIELDS, and stops after the first row of
 * a 4-bit image of odd width. tests/unit/bmp-image.test.ts covers each.
 */

export type BmpHeader = {
  width: number;
  height: number;
  bitsPerPixel: number;
  /** 0 RGB, 3 BITFIELDS, 6 ALPHABITFIELDS; others are refused before this is returned. */
  compression: number;
  headerSize: number;
  dataOffset: number;
};

/** RGB, or RGBA when the file has a real alpha channel; top row first. */
export type DecodedBmp = { data: Buffer; width: number; height: number; channels: 3 | 4 };

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
const INFO_HEADER_SIZE = 40;
/** The BITMAPINFOHEADER and its V2–V5 extensions: the headers bmp-ts reads. */
const HEADER_SIZES = new Set([40, 52, 56, 108, 124]);
const COMPRESSION_NAMES: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'JPEG', 5: 'PNG' };
const BITFIELDS = 3;
const ALPHABITFIELDS = 6;

function need(data: Uint8Array, end: number, what: string): void {
  if (data.length < end) throw new BmpError(`the file ends inside the ${what} (needs ${end} bytes, has ${data.length})`);
}

export function readBmpHeader(data: Buffer): BmpHeader {
  if (!isBmp(data)) throw new BmpError('it does not start with "BM"');
  need(data, FILE_HEADER_SIZE + 4, 'BMP header');
  const dataOffset = data.readUInt32LE(10);
  const headerSize = data.readUInt32LE(14);
  if (headerSize === 12) throw new BmpError('the OS/2 BMP header is not supported', true);
  if (!HEADER_SIZES.has(headerSize)) throw new BmpError(`the BMP header size ${headerSize} is not a known one`);
  need(data, FILE_HEADER_SIZE + headerSize, 'BMP header');
  const width = data.readInt32LE(18);
  const rawHeight = data.readInt32LE(22);
  const planes = data.readUInt16LE(26);
  const bitsPerPixel = data.readUInt16LE(28);
  const compression = data.readUInt32LE(30);
  if (planes !== 1) throw new BmpError(`the BMP header gives ${planes} colour planes instead of 1`);
  if (width <= 0 || rawHeight === 0) throw new BmpError(`the BMP header gives a size of ${width}×${rawHeight}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw new BmpError(`the BMP header gives ${bitsPerPixel} bits per pixel`);
  const compressionName = COMPRESSION_NAMES[compression];
  if (compressionName) throw new BmpError(`${compressionName}-compressed BMP is not supported`, true);
  if (compression !== 0 && compression !== BITFIELDS && compression !== ALPHABITFIELDS) {
    throw new BmpError(`the BMP compression method ${compression} is not a known one`);
  }
  if (compression !== 0 && bitsPerPixel !== 16 && bitsPerPixel !== 32) {
    throw new BmpError(`BITFIELDS masks with ${bitsPerPixel} bits per pixel are not valid`);
  }
  if (dataOffset < FILE_HEADER_SIZE + headerSize) throw new BmpError(`the pixel data offset ${dataOffset} points into the header`);
  return { width, height: Math.abs(rawHeight), bitsPerPixel, compression, headerSize, dataOffset };
}

/** Whether the header declares an alpha mask (V3 and later, or ALPHABITFIELDS). */
function hasAlphaMask(header: BmpHeader): boolean {
  return header.compression !== 0 && (header.headerSize >= 56 || header.compression === ALPHABITFIELDS);
}

/**
 * The file rewritten in the one layout bmp-ts reads without surprises: a 40-byte header, the
 * channel masks after it when there are any, the colour table, then the pixel rows, which must
 * all be there. Later headers' extras (colour space, ICC profile) mean nothing to OCR; their
 * masks would be taken by bmp-ts even where the compression says to ignore them (32-bit RGB
 * with zero masks comes out black). The colour table is cut to what fits before the pixels:
 * writers often store fewer entries than the depth allows.
 */
function forBmpTs(data: Buffer, header: BmpHeader, decodedWidth: number): Buffer {
  const rowBytes = Math.ceil((header.bitsPerPixel * header.width) / 32) * 4;
  const end = header.dataOffset + rowBytes * header.height;
  if (data.length < end) throw new BmpError(`the pixel data is cut short (needs ${end} bytes, the file has ${data.length})`);

  // Masks sit at the same place whatever the header: inside V2 and later ones, after a 40-byte one.
  const masksStart = FILE_HEADER_SIZE + INFO_HEADER_SIZE;
  const masksEnd = header.compression === 0 ? masksStart : masksStart + (hasAlphaMask(header) ? 16 : 12);
  const tableStart = Math.max(FILE_HEADER_SIZE + header.headerSize, masksEnd);
  if (header.dataOffset < tableStart) throw new BmpError(`the pixel data offset ${header.dataOffset} points into the BITFIELDS masks`);

  const declared = data.readUInt32LE(46);
  const wanted = header.bitsPerPixel > 8 ? 0 : declared > 0 ? declared : 2 ** header.bitsPerPixel;
  const entries = Math.min(wanted, Math.floor((header.dataOffset - tableStart) / 4));
  if (header.bitsPerPixel <= 8 && entries < 1) throw new BmpError(`the ${header.bitsPerPixel}-bit BMP has no colour palette`);

  const head = Buffer.from(data.subarray(0, masksStart));
  head.writeUInt32LE(INFO_HEADER_SIZE, 14);
  head.writeInt32LE(decodedWidth, 18);
  head.writeUInt32LE(hasAlphaMask(header) ? ALPHABITFIELDS : header.compression, 30);
  head.writeUInt32LE(entries, 46);
  return Buffer.concat([
    head,
    data.subarray(masksStart, masksEnd),
    data.subarray(tableStart, tableStart + entries * 4),
    data.subarray(header.dataOffset, end),
  ]);
}

/** Decodes the whole image; throws BmpError for anything that cannot be read. */
export function decodeBmp(data: Buffer): DecodedBmp {
  const header = readBmpHeader(data);
  const { width, height } = header;
  // bmp-ts stops after the first row of a 4-bit image of odd width. Such rows are laid out
  // exactly as those one pixel wider, so it reads that, and the extra column is dropped.
  const decodedWidth = header.bitsPerPixel === 4 && width % 2 === 1 ? width + 1 : width;
  let abgr: Buffer;
  try {
    abgr = decode(forBmpTs(data, header, decodedWidth)).data;
  } catch (error) {
    if (error instanceof BmpError) throw error;
    // bmp-ts reads with bounds-checked Buffer methods: a palette index past the table ends here.
    throw new BmpError(`the pixel data cannot be decoded (${error instanceof Error ? error.message : String(error)})`);
  }
  const pixels = width * height;
  // bmp-ts writes each pixel as A, B, G, R. Its alpha byte is 0 for 24-bit and palette images
  // and 255 where no alpha mask is declared; a declared mask left at zero everywhere means opaque.
  let alpha = hasAlphaMask(header) && data.readUInt32LE(FILE_HEADER_SIZE + INFO_HEADER_SIZE + 12) !== 0;
  if (alpha) {
    alpha = false;
    for (let p = 0; p < abgr.length && !alpha; p += 4) alpha = abgr[p] !== 0;
  }
  const channels = alpha ? 4 : 3;
  const out = Buffer.allocUnsafe(pixels * channels);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0, i = y * decodedWidth * 4; x < width; x++, i += 4, o += channels) {
      out[o] = abgr[i + 3]!;
      out[o + 1] = abgr[i + 2]!;
      out[o + 2] = abgr[i + 1]!;
      if (alpha) out[o + 3] = abgr[i]!;
    }
  }
  return { data: out, width, height, channels };
}

/** Whether the bytes are a BMP (by the magic ingest accepted them by). */
export function isBmp(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x42 && data[1] === 0x4d;
}
