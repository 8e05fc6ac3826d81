/**
 * Files the operating system leaves beside a user's files: Finder metadata, AppleDouble
 * resource forks (also what macOS puts under __MACOSX/ when it zips), Windows thumbnail caches,
 * volume indexes. They are never screenshots and are not the user's, so a batch skips them
 * silently and only counts them, instead of listing hundreds of "unsupported type" failures.
 * Other hidden files are the user's and are accounted for like any file. Compared
 * case-insensitively: Windows writes Thumbs.db and thumbs.db alike.
 */

const JUNK_FOLDERS = new Set([
  '__macosx',
  '.spotlight-v100',
  '.trashes',
  '.fseventsd',
  '.temporaryitems',
  '$recycle.bin',
  'system volume information',
]);

const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'ehthumbs_vista.db', 'desktop.ini', '.localized']);

export function isOsJunkFolder(name: string): boolean {
  return JUNK_FOLDERS.has(name.toLowerCase());
}

export function isOsJunkFile(name: string): boolean {
  return JUNK_FILES.has(name.toLowerCase()) || name.startsWith('._');
}

/** For a '/'-separated relative path: junk itself, or inside a junk folder. */
export function isOsJunkPath(relativePath: string): boolean {
  const parts = relativePath.split('/').filter((part) => part !== '');
  const last = parts.pop();
  if (parts.some(isOsJunkFolder)) return true;
  if (last === undefined) return false;
  return relativePath.endsWith('/') ? isOsJunkFolder(last) : isOsJunkFile(last);
}
