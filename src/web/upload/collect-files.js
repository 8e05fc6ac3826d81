// @ts-check

/**
 * The files of a drop or a folder choice, and the name their batch gets by default: the folder's
 * name, or the zip's when a single zip is uploaded. Files in a folder whose names start with a
 * dot (.DS_Store and the like) are the file system's, not the leak's: they are left out.
 */

/** @typedef {{ files: File[], name: string }} Collected */

const hidden = (/** @type {string} */ name) => name.startsWith('.');

/** @param {FileSystemDirectoryEntry} dir */
async function readDirectory(dir) {
  const reader = dir.createReader();
  /** @type {FileSystemEntry[]} */
  const entries = [];
  // readEntries answers in chunks (100 in Chromium) until it answers none.
  for (;;) {
    const chunk = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (chunk.length === 0) return entries;
    entries.push(...chunk);
  }
}

/** @param {FileSystemEntry} entry @returns {Promise<File[]>} */
async function filesOf(entry) {
  if (hidden(entry.name)) return [];
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => /** @type {FileSystemFileEntry} */ (entry).file(resolve, reject));
    return [file];
  }
  if (!entry.isDirectory) return [];
  const nested = await Promise.all((await readDirectory(/** @type {FileSystemDirectoryEntry} */ (entry))).map(filesOf));
  return nested.flat();
}

/** The name of a single zip, or '' */
function zipName(/** @type {File[]} */ files) {
  const [only] = files;
  return files.length === 1 && only && /\.zip$/i.test(only.name) ? only.name : '';
}

/** What was dropped: files, and folders walked through. */
export async function collectDropped(/** @type {DataTransfer} */ transfer) {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter((e) => e !== null && e !== undefined);
  if (entries.length === 0 || entries.every((e) => e.isFile)) {
    const files = [...transfer.files];
    return { files, name: zipName(files) };
  }
  const files = (await Promise.all(entries.map(filesOf))).flat();
  const [first] = entries;
  const name = entries.length === 1 && first?.isDirectory ? first.name : zipName(files);
  return { files, name };
}

/** What the file or folder chooser chose. */
export function collectChosen(/** @type {FileList | null} */ list) {
  const chosen = [...(list ?? [])];
  const inFolder = chosen.some((f) => f.webkitRelativePath);
  const files = inFolder ? chosen.filter((f) => !f.webkitRelativePath.split('/').some(hidden)) : chosen;
  const folders = new Set(files.map((f) => f.webkitRelativePath.split('/')[0]).filter(Boolean));
  const [folder] = folders;
  return { files, name: folders.size === 1 && folder ? folder : zipName(files) };
}
