import type { BatchInputItem, BatchInputSummary } from './batch-input-item.ts';
import type { BatchInputLimits } from './batch-input-limits.ts';
import { enumerateFolder } from './enumerate-folder.ts';
import { enumerateZip } from './enumerate-zip.ts';
import { openBatchPath } from './open-batch-path.ts';

/**
 * Every file of a batch input, a folder (walked recursively) or a zip (recognised by its magic
 * bytes), yielded one at a time as the consumer asks, so a leak of thousands of images is never
 * all in memory. Each file becomes one item: its bytes (a recognised image whose header is
 * within the pixel limit) or a failure with a code and a message naming the file, or the entry
 * and the archive. OS metadata junk is skipped and only counted in `summary`.
 *
 * Thrown (an InputError unless noted), ending the enumeration after the items already yielded:
 *   FILE_NOT_FOUND, FILE_UNREADABLE, EMPTY_FILE   the path itself
 *   INPUT_NOT_FOLDER_OR_ZIP                       a file that is not a zip by its magic bytes
 *   ZIP_CORRUPT                                   the central directory cannot be read
 *   ZIP_TOO_MANY_ENTRIES, ZIP_TOO_LARGE           a cap on the whole archive
 *   FILE_READ_FAILED (DependencyError)            the machine's trouble (EIO, EMFILE): retry
 * Failure items:
 *   zip entries  ZIP_ENTRY_UNSAFE_NAME, ZIP_ENTRY_SYMLINK, ZIP_ENTRY_ENCRYPTED,
 *                ZIP_ENTRY_UNSUPPORTED_COMPRESSION, ZIP_ENTRY_TOO_LARGE, ZIP_ENTRY_CORRUPT,
 *                ZIP_ENTRY_NESTED_ARCHIVE, EMPTY_FILE
 *   folder files FILE_SYMLINK, FILE_UNREADABLE, FILE_NAME_NOT_UTF8, FILE_TOO_LARGE, EMPTY_FILE,
 *                NESTED_ARCHIVE, FILE_NOT_FOUND (gone since it was listed)
 *   both         UNSUPPORTED_TYPE, IMAGE_TOO_LARGE, IMAGE_CORRUPT (from the image header)
 */

export type BatchInput = AsyncGenerator<BatchInputItem, void, undefined> & {
  readonly summary: Readonly<BatchInputSummary>;
};

export function enumerateBatchInput(path: string, limits: BatchInputLimits): BatchInput {
  const summary: BatchInputSummary = {
    source: undefined,
    files: 0,
    failures: 0,
    skippedJunk: 0,
    skippedDirectories: 0,
  };

  async function* items(): AsyncGenerator<BatchInputItem, void, undefined> {
    // Opened on the first next(), so that a BatchInput never iterated holds no descriptor.
    const opened = await openBatchPath(path);
    summary.source = opened.kind;
    const source =
      opened.kind === 'folder'
        ? enumerateFolder(path, limits, summary)
        : enumerateZip(path, opened.zipfile, limits, summary);
    for await (const item of source) {
      if ('error' in item) summary.failures += 1;
      else summary.files += 1;
      yield item;
    }
  }

  return Object.assign(items(), { summary });
}
