import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { fileNameNotUtf8, notUtf8NameOnPath } from './not-utf8-name.ts';
import { pathFailure } from '../util/path-failure.ts';

/**
 * Reads a user-given file whole, with its size bounded before the bytes are read, and turns
 * every way it can fail into a stable code naming the file. Shared by the image and text
 * ingest so both refuse the same things in the same words.
 */

export type ReadInputOptions = {
  maxBytes: number;
  /** Code for a file above maxBytes: FILE_TOO_LARGE for images, TEXT_TOO_LARGE for text. */
  tooLargeCode: string;
  /** "an image", "a text file": completes "above the limit of 50 MB for …". */
  what: string;
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Without O_NONBLOCK, opening a named pipe blocks until something writes to it; with it the
// open returns at once and fstat below refuses the pipe. It has no effect on regular files.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function readInputFile(path: string, options: ReadInputOptions): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      const encoding = await notUtf8NameOnPath(path);
      if (encoding) throw fileNameNotUtf8(path, encoding, 'rename it to a UTF-8 name (e.g. convmv -f GBK -t UTF-8), or batch the zip it came in, whose names termlens decodes');
    }
    throw pathFailure(path, cause);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new InputError('FILE_UNREADABLE', `${path}: is a directory, not a file`);
    if (!stat.isFile()) {
      throw new InputError('FILE_UNREADABLE', `${path}: is not a regular file (a device, pipe or socket)`);
    }
    const tooLarge = (size: string) =>
      new InputError(
        options.tooLargeCode,
        `${path}: the file is ${size}, above the limit of ${formatBytes(options.maxBytes)} for ${options.what}`,
      );
    if (stat.size > options.maxBytes) throw tooLarge(formatBytes(stat.size));

    // Read at most one byte past the limit, so a file that grows after the stat is still caught
    // without reading all of it.
    const buffer = Buffer.alloc(Math.min(stat.size, options.maxBytes) + 1);
    let length = 0;
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, length));
      } catch (cause) {
        throw pathFailure(path, cause);
      }
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > options.maxBytes) throw tooLarge(`more than ${formatBytes(options.maxBytes)}`);
    if (length === 0) throw new InputError('EMPTY_FILE', `${path}: the file is empty (0 bytes)`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
