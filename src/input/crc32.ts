import zlib from 'node:zlib';

/**
 * yauzl checks sizes but not the CRC-32 of an entry; a damaged entry can inflate to the right
 * length with wrong bytes. zlib.crc32 arrived in Node 20.15, and package.json admits any Node 20.
 */

let table: Uint32Array | undefined;

function tableCrc32(data: Uint8Array, value: number): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = (value ^ 0xffffffff) >>> 0;
  for (const byte of data) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Continues `value` (0 to start) over `data`. */
export function crc32(data: Uint8Array, value = 0): number {
  return typeof zlib.crc32 === 'function' ? zlib.crc32(data, value) : tableCrc32(data, value);
}
