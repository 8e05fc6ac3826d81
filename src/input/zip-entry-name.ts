import yauzl, { type Entry } from 'yauzl';
import { decodeFileName } from '../files/decode-file-name.ts';

/**
 * Entry names are decoded and judged here rather than by yauzl: with decodeStrings on, yauzl
 * meets an unsafe name by failing the whole archive, and one `../evil.png` must cost only its
 * own entry. termlens writes nothing under these names, but a name that climbs out of the
 * archive or is absolute marks an archive made to attack whatever unpacks it, and the user
 * should see that. Backslashes are refused too: some tools read them as separators, so
 * `..\evil.png` is the same attack.
 */

const UTF8_NAME_FLAG = 0x800;
const UNICODE_PATH_EXTRA_FIELD = 0x7075;

export function zipEntryName(entry: Entry): string {
  const declaresUtf8 =
    (entry.generalPurposeBitFlag & UTF8_NAME_FLAG) !== 0 ||
    entry.extraFields.some((field) => field.id === UNICODE_PATH_EXTRA_FIELD);
  // strictFileNames: keep backslashes as they are, so that unsafeNameReason sees them.
  if (declaresUtf8) {
    return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  }
  return decodeFileName(entry.fileNameRaw).text;
}

/**
 * Why a name must not be used, or undefined when it is a plain relative path. Absolute forms are
 * named before the backslash rule, so that `C:\x` and `\\host\x` read as what they are.
 */
export function unsafeNameReason(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.includes('\0')) return 'the name contains a NUL character';
  if (/^[\\/]{2}[^\\/]/.test(name)) return 'the name is an absolute network path (\\\\host\\share)';
  if (/^[A-Za-z]:[\\/]/.test(name)) return 'the name is an absolute path with a drive letter';
  if (/^[\\/]/.test(name)) return 'the name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'the name starts with a drive letter';
  if (name.includes('\\')) return 'the name contains a backslash, which some systems read as a folder separator';
  if (name.split('/').includes('..')) return 'the name climbs out of the archive with ".."';
  return undefined;
}
