import { close, fstat, open, read, constants } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import yauzl, { type ZipFile } from 'yauzl';
import { InputError } from '../errors.ts';
import { describeContent, detectType } from '../files/describe-content.ts';
import { pathFailure } from '../util/path-failure.ts';

/**
 * Decides what a batch path is: a folder, or a zip by its magic bytes (never by its name: a
 * download saved as leak.zip may be an HTML error page). The zip is read through the file
 * descriptor its magic bytes were read from, so the file checked is the file read.
 */

export type OpenedBatchPath = { kind: 'folder' } | { kind: 'zip'; zipfile: ZipFile };

// Local file header, empty archive, and the marker that starts a split archive's first part.
const ZIP_MAGIC = ['PK\x03\x04', 'PK\x05\x06', 'PK\x07\x08'].map((magic) => Buffer.from(magic, 'latin1'));
const SNIFF_BYTES = 4100;

/**
 * validateEntrySizes is off and names are decoded by termlens (decodeStrings off, which also
 * makes strictFileNames moot): with either on, yauzl fails the whole archive for what should
 * fail one entry. read-zip-entry counts sizes instead, and zip-entry-name judges names.
 */
const ZIP_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  decodeStrings: false,
  validateEntrySizes: false,
  strictFileNames: true,
};

// O_NONBLOCK so that a path swapped for a named pipe after the stat cannot block the open.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const openFd = promisify(open);
const fstatFd = promisify(fstat);
const readFd = promisify(read);
const closeFd = promisify(close);

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

export async function openBatchPath(path: string): Promise<OpenedBatchPath> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw pathFailure(path, cause);
  }
  if (info.isDirectory()) return { kind: 'folder' };
  if (!info.isFile()) {
    throw new InputError('FILE_UNREADABLE', `${path}: is not a folder or a regular file (a device, pipe or socket)`);
  }

  let fd: number;
  try {
    fd = await openFd(path, OPEN_FLAGS);
  } catch (cause) {
    throw pathFailure(path, cause);
  }
  let handedToYauzl = false;
  try {
    if (!(await fstatFd(fd)).isFile()) {
      throw new InputError('FILE_UNREADABLE', `${path}: is not a folder or a regular file (a device, pipe or socket)`);
    }
    const head = Buffer.alloc(SNIFF_BYTES);
    let bytesRead: number;
    try {
      ({ bytesRead } = await readFd(fd, head, 0, head.length, 0));
    } catch (cause) {
      throw pathFailure(path, cause);
    }
    if (bytesRead === 0) throw new InputError('EMPTY_FILE', `${path}: the file is empty (0 bytes)`);
    const start = head.subarray(0, bytesRead);
    if (!ZIP_MAGIC.some((magic) => start.subarray(0, 4).equals(magic))) {
      const what = describeContent(start, await detectType(start));
      throw new InputError(
        'INPUT_NOT_FOLDER_OR_ZIP',
        `${path}: is neither a folder nor a zip archive (it ${what}); a batch takes a folder of images or a ` +
          'zip of them (a single image goes to annotate)',
      );
    }
    let zipfile: ZipFile;
    try {
      zipfile = await yauzl.fromFdPromise(fd, ZIP_OPTIONS);
    } catch (cause) {
      throw new InputError(
        'ZIP_CORRUPT',
        `${path}: the zip archive is truncated or damaged; its central directory cannot be read (${firstLine(cause)})`,
        { cause },
      );
    }
    // From here zipfile.close() closes the descriptor.
    handedToYauzl = true;
    return { kind: 'zip', zipfile };
  } finally {
    if (!handedToYauzl) await closeFd(fd).catch(() => undefined);
  }
}
