import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { decodeFileName, printableName } from '../files/decode-file-name.ts';
import { isOsJunkFile, isOsJunkFolder } from './os-junk.ts';

/**
 * Lists a folder tree (names only, nothing read yet) in a deterministic order: keys sorted by
 * code unit, so the same folder always gives the same items in the same order whatever the
 * filesystem returns. Symbolic links are listed, not followed: a link in an unpacked leak could
 * point anywhere on this machine (and a folder link could loop). Names are read as bytes, since
 * a GBK-named file unpacked on Linux has a name that is not UTF-8 and cannot be opened through
 * a JavaScript string; it is listed under its decoded name so that it is still accounted for.
 */

export type FolderEntry = {
  /** '/'-separated, relative to the root. */
  key: string;
  /** For messages, control characters escaped as in the key. */
  path: string;
} & (
  | { kind: 'file'; openPath: string }
  | { kind: 'symlink' | 'special' }
  | { kind: 'file-name-not-utf8'; encoding: string }
  | { kind: 'unlisted-folder'; cause: unknown }
);

export type FolderListing = { entries: FolderEntry[]; folders: number; skippedJunk: number };

type PendingFolder = {
  bytes: Buffer;
  /** Decoded names, to open by; escaped names, for keys. */
  names: string[];
  parts: string[];
  /** The guessed encoding of the first name on the way that is not UTF-8. */
  notUtf8: string | undefined;
};

const SEPARATOR = Buffer.from(path.sep);

/** Throws what readdir throws for the root itself; a subfolder that cannot be listed is an entry. */
export async function listFolder(root: string): Promise<FolderListing> {
  const entries: FolderEntry[] = [];
  let folders = 0;
  let skippedJunk = 0;
  const pending: PendingFolder[] = [{ bytes: Buffer.from(root), names: [], parts: [], notUtf8: undefined }];

  for (let folder = pending.pop(); folder; folder = pending.pop()) {
    const folderKey = folder.parts.join('/');
    let listed;
    try {
      listed = await readdir(folder.bytes, { withFileTypes: true, encoding: 'buffer' });
    } catch (cause) {
      if (folder.parts.length === 0) throw cause;
      entries.push({ kind: 'unlisted-folder', key: `${folderKey}/`, path: path.join(root, ...folder.parts), cause });
      continue;
    }
    for (const dirent of listed) {
      const decoded = decodeFileName(dirent.name);
      const name = printableName(decoded.text);
      const parts = [...folder.parts, name];
      const key = parts.join('/');
      const shownPath = path.join(root, ...parts);
      const names = [...folder.names, decoded.text];
      const notUtf8 = folder.notUtf8 ?? (decoded.encoding === 'utf-8' ? undefined : decoded.encoding);
      if (dirent.isDirectory()) {
        if (isOsJunkFolder(decoded.text)) {
          skippedJunk += 1;
        } else {
          folders += 1;
          pending.push({ bytes: Buffer.concat([folder.bytes, SEPARATOR, dirent.name]), names, parts, notUtf8 });
        }
      } else if (isOsJunkFile(decoded.text)) {
        skippedJunk += 1;
      } else if (dirent.isSymbolicLink()) {
        entries.push({ kind: 'symlink', key, path: shownPath });
      } else if (!dirent.isFile()) {
        entries.push({ kind: 'special', key, path: shownPath });
      } else if (notUtf8 !== undefined) {
        entries.push({ kind: 'file-name-not-utf8', key, path: shownPath, encoding: notUtf8 });
      } else {
        entries.push({ kind: 'file', key, path: shownPath, openPath: path.join(root, ...names) });
      }
    }
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { entries, folders, skippedJunk };
}
