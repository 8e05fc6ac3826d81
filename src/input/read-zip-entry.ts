import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { InputError } from '../errors.ts';
import { formatBytes } from '../files/read-input-file.ts';

/**
 * Inflates one entry into memory while counting, so that a zip bomb costs one chunk and not
 * what it claims or what it holds. Headers are not trusted: an entry may not inflate past the
 * size its central directory declares (a bomb declares little and holds a lot), that size was
 * checked against the per-entry cap before inflating, and the archive's running total is
 * checked on every chunk. yauzl's own validateEntrySizes is left off because it reports the
 * same overrun as an untyped error only after it happened; counting here gives each case its
 * code. yauzl does not check CRC-32; it is checked here.
 */

/** The archive's inflated bytes so far, shared by all its entries. */
export type InflateBudget = {
  archive: string;
  inflatedBytes: number;
  readonly maxTotalBytes: number;
};

/** How messages name an entry: the archive, then the entry name quoted with its controls escaped. */
export function entryLabel(archive: string, name: string): string {
  return `${archive}: entry ${JSON.stringify(name)}`;
}

export function zipTooLarge(budget: InflateBudget, detail: string): InputError {
  return new InputError(
    'ZIP_TOO_LARGE',
    `${budget.archive}: the archive inflates to more than ${formatBytes(budget.maxTotalBytes)} in all, the limit ` +
      `(TERMLENS_ZIP_MAX_TOTAL_BYTES); ${detail}; the entries before it were read, the rest are not`,
  );
}

function corrupt(label: string, detail: string, cause?: unknown): InputError {
  return new InputError('ZIP_ENTRY_CORRUPT', `${label}: the entry is damaged (${detail})`, { cause });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

export async function readZipEntry(
  zipfile: ZipFile,
  entry: Entry,
  name: string,
  maxEntryBytes: number,
  budget: InflateBudget,
): Promise<Buffer> {
  const label = entryLabel(budget.archive, name);
  const declared = entry.uncompressedSize;
  let stream: Readable;
  try {
    // Fails for a local header that is missing or whose data would run past the end of the file.
    stream = await zipfile.openReadStreamPromise(entry);
  } catch (cause) {
    throw corrupt(label, firstLine(cause), cause);
  }

  const chunks: Buffer[] = [];
  let count = 0;
  let crc = 0;
  try {
    // Leaving this loop early (throw) destroys the stream, which stops inflating at once.
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      count += chunk.length;
      budget.inflatedBytes += chunk.length;
      if (count > declared) {
        throw new InputError(
          'ZIP_ENTRY_TOO_LARGE',
          `${label}: the entry inflates to more than the ${formatBytes(declared)} its header declares; stopped ` +
            `after ${formatBytes(count)} (a zip bomb, or a damaged archive)`,
        );
      }
      if (count > maxEntryBytes) {
        throw new InputError(
          'ZIP_ENTRY_TOO_LARGE',
          `${label}: the entry inflates to more than ${formatBytes(maxEntryBytes)}, the limit per entry ` +
            '(TERMLENS_ZIP_MAX_ENTRY_BYTES)',
        );
      }
      if (budget.inflatedBytes > budget.maxTotalBytes) {
        throw zipTooLarge(budget, `stopped inside entry ${JSON.stringify(name)}`);
      }
      // yauzl checks sizes but not the CRC-32: a damaged entry can inflate to the right length
      // with wrong bytes. zlib.crc32 is in every Node that package.json admits (20.15+, 22.2+).
      crc = zlib.crc32(chunk, crc);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw corrupt(label, `its compressed data cannot be inflated: ${firstLine(error)}`, error);
  }
  if (count < declared) {
    throw corrupt(
      label,
      `it inflates to ${formatBytes(count)}, short of the ${formatBytes(declared)} its header declares`,
    );
  }
  if (crc !== entry.crc32) {
    throw corrupt(label, 'its data does not match its CRC-32 checksum');
  }
  return Buffer.concat(chunks, count);
}
