import type { ImageFormat } from '../domain/source.ts';
import { InputError } from '../errors.ts';
import { readInputFile } from '../files/read-input-file.ts';
import type { BatchInputItem, BatchInputSummary } from './batch-input-item.ts';
import type { BatchInputLimits } from './batch-input-limits.ts';
import { checkImageContent } from './check-image-content.ts';
import { fileNameNotUtf8 } from '../files/not-utf8-name.ts';
import { pathFailure } from '../util/path-failure.ts';
import { UniqueKeys } from './unique-keys.ts';
import { listFolder, type FolderEntry } from './walk-folder.ts';

/**
 * The files of a folder tree, one item each in key order, read one at a time when asked for.
 * A file that cannot be taken is a failure item; an error that is the machine's rather than the
 * file's (EIO, too many open files) is thrown, so that the batch stops and can be resumed
 * instead of recording good files as failed.
 */

export async function* enumerateFolder(
  root: string,
  limits: BatchInputLimits,
  summary: BatchInputSummary,
): AsyncGenerator<BatchInputItem, void, undefined> {
  let listing;
  try {
    listing = await listFolder(root);
  } catch (cause) {
    throw pathFailure(root, cause);
  }
  summary.skippedJunk += listing.skippedJunk;
  summary.skippedDirectories += listing.folders;

  const keys = new UniqueKeys();
  for (const entry of listing.entries) {
    const key = keys.take(entry.key);
    let item: BatchInputItem;
    try {
      item = { key, ...(await readEntry(entry, limits)) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      item = { key, error: { code: error.code, message: error.message } };
    }
    yield item;
  }
}

/** The file's bytes and format, or an InputError saying why it cannot be taken. */
async function readEntry(
  entry: FolderEntry,
  limits: BatchInputLimits,
): Promise<{ data: Buffer; format: ImageFormat | 'pdf' }> {
  switch (entry.kind) {
    case 'symlink':
      throw new InputError(
        'FILE_SYMLINK',
        `${entry.path}: is a symbolic link; links are not followed (one could point anywhere on this machine): ` +
          'copy the file in instead',
      );
    case 'special':
      throw new InputError('FILE_UNREADABLE', `${entry.path}: is not a regular file (a device, pipe or socket)`);
    case 'unlisted-folder': {
      const failure = pathFailure(entry.path, entry.cause);
      if (!(failure instanceof InputError)) throw failure;
      throw new InputError(failure.code, `${failure.message}; the files in this folder are not listed`, {
        cause: entry.cause,
      });
    }
    case 'file-name-not-utf8':
      throw fileNameNotUtf8(entry.path, entry.encoding, 'rename it, or give termlens the original zip, whose names it decodes');
    case 'file': {
      const data = await readInputFile(entry.openPath, {
        maxBytes: limits.maxEntryBytes,
        tooLargeCode: 'FILE_TOO_LARGE',
        what: 'images',
      });
      const format = await checkImageContent(data, entry.openPath, {
        maxImagePixels: limits.maxImagePixels,
        nestedArchiveCode: 'NESTED_ARCHIVE',
        acceptPdf: true,
      });
      return { data, format };
    }
  }
}
