import type { Entry, ZipFile } from 'yauzl';
import { InputError } from '../errors.ts';
import { formatBytes } from '../files/read-input-file.ts';
import type { BatchInputFailure, BatchInputItem, BatchInputSummary } from './batch-input-item.ts';
import type { BatchInputLimits } from './batch-input-limits.ts';
import { checkImageContent } from './check-image-content.ts';
import { printableName } from '../files/decode-file-name.ts';
import { isOsJunkPath } from './os-junk.ts';
import { entryLabel, readZipEntry, zipTooLarge, type InflateBudget } from './read-zip-entry.ts';
import { UniqueKeys } from './unique-keys.ts';
import { isDirectoryEntry, isEncryptedEntry, isReadableMethod, isSymlinkEntry, methodName } from './zip-entry-kind.ts';
import { unsafeNameReason, zipEntryName } from './zip-entry-name.ts';

/**
 * The entries of an opened zip, one item each, in central directory order (the archive's own,
 * deterministic order). One entry is read, inflated and checked per item asked for, so at most
 * one entry's bytes are in memory. Each entry's problem is its own failure item; only a
 * damaged central directory or a cap on the whole archive ends the enumeration, with an
 * InputError after the items already yielded.
 */

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

type EntryOutcome = BatchInputItem | 'junk' | 'directory';

export async function* enumerateZip(
  archive: string,
  zipfile: ZipFile,
  limits: BatchInputLimits,
  summary: BatchInputSummary,
): AsyncGenerator<BatchInputItem, void, undefined> {
  const keys = new UniqueKeys();
  const budget: InflateBudget = { archive, inflatedBytes: 0, maxTotalBytes: limits.maxTotalBytes };
  const entries = zipfile.eachEntry();
  let seen = 0;
  try {
    for (;;) {
      if (seen >= limits.maxEntries && seen < zipfile.entryCount) {
        throw new InputError(
          'ZIP_TOO_MANY_ENTRIES',
          `${archive}: the archive has ${zipfile.entryCount} entries, above the limit of ${limits.maxEntries} ` +
            `(TERMLENS_ZIP_MAX_ENTRIES); the first ${limits.maxEntries} were read, the rest are not`,
        );
      }
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (cause) {
        throw new InputError(
          'ZIP_CORRUPT',
          `${archive}: the zip archive is damaged after ${seen} ${seen === 1 ? 'entry' : 'entries'}; the rest ` +
            `cannot be read (${firstLine(cause)})`,
          { cause },
        );
      }
      if (next.done) return;
      seen += 1;
      const outcome = await readEntry(archive, zipfile, next.value, limits, budget, keys);
      if (outcome === 'junk') summary.skippedJunk += 1;
      else if (outcome === 'directory') summary.skippedDirectories += 1;
      else yield outcome;
    }
  } finally {
    // Also when the consumer stops early; the fd closes once no entry stream is open.
    zipfile.close();
  }
}

async function readEntry(
  archive: string,
  zipfile: ZipFile,
  entry: Entry,
  limits: BatchInputLimits,
  budget: InflateBudget,
  keys: UniqueKeys,
): Promise<EntryOutcome> {
  const name = zipEntryName(entry);
  const label = entryLabel(archive, name);
  const fail = (code: string, detail: string): BatchInputFailure => ({
    key: keys.take(printableName(name)),
    error: { code, message: `${label}: ${detail}` },
  });

  const unsafe = unsafeNameReason(name);
  if (unsafe) return fail('ZIP_ENTRY_UNSAFE_NAME', `${unsafe}; the entry is not read (a hostile or broken archive)`);
  if (isOsJunkPath(name)) return 'junk';
  if (isDirectoryEntry(entry, name)) return 'directory';
  if (isSymlinkEntry(entry)) {
    return fail(
      'ZIP_ENTRY_SYMLINK',
      'is a symbolic link; links are not followed (one could point anywhere on this machine)',
    );
  }
  if (isEncryptedEntry(entry)) {
    return fail(
      'ZIP_ENTRY_ENCRYPTED',
      'is encrypted; termlens takes no passwords: decrypt the archive and batch its files',
    );
  }
  if (!isReadableMethod(entry)) {
    return fail(
      'ZIP_ENTRY_UNSUPPORTED_COMPRESSION',
      `uses compression method ${entry.compressionMethod} (${methodName(entry.compressionMethod)}); only stored and ` +
        'deflated entries can be read: re-pack the archive as a plain zip',
    );
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    return fail(
      'ZIP_ENTRY_TOO_LARGE',
      `its header declares ${formatBytes(entry.uncompressedSize)} inflated, above the limit of ` +
        `${formatBytes(limits.maxEntryBytes)} per entry (TERMLENS_ZIP_MAX_ENTRY_BYTES); it is not inflated`,
    );
  }
  // An entry cannot inflate past what it declares (readZipEntry stops it there), so one that
  // would carry the archive past its total cap is refused before any of it is inflated.
  if (budget.inflatedBytes + entry.uncompressedSize > budget.maxTotalBytes) {
    throw zipTooLarge(budget, `entry ${JSON.stringify(name)} declares ${formatBytes(entry.uncompressedSize)}`);
  }

  let data: Buffer;
  try {
    data = await readZipEntry(zipfile, entry, name, limits.maxEntryBytes, budget);
  } catch (error) {
    if (error instanceof InputError && error.code !== 'ZIP_TOO_LARGE') return failure(error);
    throw error;
  }
  if (data.length === 0) return fail('EMPTY_FILE', 'the entry is empty (0 bytes)');

  try {
    const format = await checkImageContent(data, label, {
      maxImagePixels: limits.maxImagePixels,
      nestedArchiveCode: 'ZIP_ENTRY_NESTED_ARCHIVE',
      acceptPdf: true,
    });
    return { key: keys.take(printableName(name)), data, format };
  } catch (error) {
    if (error instanceof InputError) return failure(error);
    throw error;
  }

  function failure(error: InputError): BatchInputFailure {
    return { key: keys.take(printableName(name)), error: { code: error.code, message: error.message } };
  }
}
