import type { Entry } from 'yauzl';

/**
 * What an entry is, from its central directory record, before any of its data is read. Unix
 * zippers keep the file mode in the high 16 bits of the external attributes; a symlink's data is
 * its target path, which an unpacker following it would resolve anywhere on the machine.
 */

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const ENCRYPTED_FLAG = 0x1;

function unixFileType(entry: Entry): number {
  return (entry.externalFileAttributes >>> 16) & S_IFMT;
}

export function isSymlinkEntry(entry: Entry): boolean {
  return unixFileType(entry) === S_IFLNK;
}

export function isDirectoryEntry(entry: Entry, name: string): boolean {
  return name.endsWith('/') || (unixFileType(entry) === S_IFDIR && entry.uncompressedSize === 0);
}

/** Traditional PKWARE or AES encryption; both set bit 0. */
export function isEncryptedEntry(entry: Entry): boolean {
  return (entry.generalPurposeBitFlag & ENCRYPTED_FLAG) !== 0;
}

const STORED = 0;
const DEFLATED = 8;

const METHOD_NAMES: Record<number, string> = {
  1: 'shrunk',
  6: 'imploded',
  9: 'deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'xz',
  98: 'PPMd',
  99: 'AES',
};

/** yauzl inflates only these two, as does every unzipper a user can count on. */
export function isReadableMethod(entry: Entry): boolean {
  return entry.compressionMethod === STORED || entry.compressionMethod === DEFLATED;
}

export function methodName(method: number): string {
  return METHOD_NAMES[method] ?? 'unknown';
}
