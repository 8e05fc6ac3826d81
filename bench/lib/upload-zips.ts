import { readFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadManifest } from '../../scripts/samples-manifest.ts';
import { buildZip } from '../../tests/fixtures/make-zips.ts';
import { multipart } from '../../tests/api/helpers/multipart.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'samples');
const PNG_SIGNATURE = 8;
/** Length, type, 13 bytes of header, CRC. */
const IHDR_END = PNG_SIGNATURE + 4 + 4 + 13 + 4;

/**
 * The same picture under a new sha256: a tEXt chunk with `label` right after IHDR. Uploading
 * the same bytes twice would only be recorded as a duplicate; a user's zips hold new files.
 * A chunk costs microseconds where re-encoding the pixels would cost the load generator
 * milliseconds of the two cores it shares with the server.
 */
export function relabelPng(png: Buffer, label: string): Buffer {
  const data = Buffer.from(`termlens-bench\0${label}`, 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('tEXt', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([png.subarray(0, IHDR_END), head, data, crc, png.subarray(IHDR_END)]);
}

/** The smallest PNG screenshots of samples/, read once. */
export async function samplePngs(count: number): Promise<{ name: string; data: Buffer }[]> {
  const files = (await loadManifest()).map((s) => s.file).filter((f) => f.endsWith('.png'));
  const read = await Promise.all(files.map(async (name) => ({ name, data: await readFile(path.join(SAMPLES, name)) })));
  return read.sort((a, b) => a.data.length - b.data.length).slice(0, count);
}

/**
 * One upload as the review page sends it: multipart/form-data with a zip of the images, each
 * relabelled with `label` so that every upload brings new documents. Stored, not deflated: PNGs
 * do not shrink, and deflating would spend the load generator's CPU.
 */
export function zipUpload(images: readonly { name: string; data: Buffer }[], label: string): { body: Buffer; headers: Record<string, string> } {
  const zip = buildZip(images.map((img) => ({ name: img.name, data: relabelPng(img.data, label), method: 0 })));
  const { payload, headers } = multipart([{ name: `bench-${label}.zip`, data: zip, type: 'application/zip' }], { name: `bench upload ${label}` });
  return { body: payload, headers };
}
