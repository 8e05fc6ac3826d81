import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { decodeFileName } from './decode-file-name.ts';

/**
 * Names on disk that are not UTF-8 (a GBK-named file unpacked on Linux). Node decodes command
 * line arguments as UTF-8, so such a name arrives with U+FFFD in place of its bytes and opening
 * it fails as if it did not exist. Walking the folders by their raw names tells the two apart,
 * so the user hears that the name is the trouble, as `batch` says of the same file in a folder.
 */

export function fileNameNotUtf8(shownPath: string, encoding: string, advice: string): InputError {
  return new InputError(
    'FILE_NAME_NOT_UTF8',
    `${shownPath}: the name is not UTF-8 (it reads as ${encoding.toUpperCase()}), so it cannot be opened by name here: ${advice}`,
  );
}

const REPLACEMENT = '\uFFFD';

/**
 * For a path that could not be opened: the guessed encoding of the first name on it that is not
 * UTF-8 but reads as the path's U+FFFD-marked component, when such a file exists; else undefined.
 */
export async function notUtf8NameOnPath(given: string): Promise<string | undefined> {
  if (!given.includes(REPLACEMENT)) return undefined;
  const absolute = path.resolve(given);
  const root = Buffer.from(path.parse(absolute).root);
  const names: Buffer[] = [];
  const sep = Buffer.from(path.sep);
  const joined = () => Buffer.concat([root, ...names.flatMap((name, i) => (i === 0 ? [name] : [sep, name]))]);
  let encoding: string | undefined;
  for (const part of absolute.slice(root.length).split(path.sep).filter((p) => p !== '')) {
    if (!part.includes(REPLACEMENT)) {
      names.push(Buffer.from(part));
      continue;
    }
    let listed: Buffer[];
    try {
      listed = await readdir(joined(), { encoding: 'buffer' });
    } catch {
      return undefined;
    }
    // Buffer#toString decodes invalid bytes to U+FFFD exactly as the argument was decoded.
    const found = listed.find((candidate) => candidate.toString('utf8') === part);
    if (!found) return undefined;
    names.push(found);
    const decoded = decodeFileName(found);
    if (decoded.encoding !== 'utf-8') encoding ??= decoded.encoding;
  }
  if (encoding === undefined) return undefined;
  try {
    await lstat(joined());
  } catch {
    return undefined;
  }
  return encoding;
}
