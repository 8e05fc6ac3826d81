import { copyFile, open, readdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** File helpers shared by backup and restore: durable copies, and what a folder holds. */

/** Flushes a file or a directory to disk: a backup that a power cut can undo is none. */
export async function syncPath(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies `from` to `to` through a temporary file renamed into place, flushed. */
export async function copyFileDurably(from: string, to: string): Promise<void> {
  const temp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await copyFile(from, temp);
    await syncPath(temp);
    await rename(temp, to);
  } finally {
    await rm(temp, { force: true });
  }
  await syncPath(path.dirname(to));
}

/** Names in a folder; none when it does not exist. */
export async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
}

/** How many files are under a folder, counting up to `stopAt` (enough to say that it is not empty). */
export async function countFiles(dir: string, stopAt = Number.POSITIVE_INFINITY): Promise<number> {
  let count = 0;
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (count >= stopAt) return;
      if (entry.isDirectory()) await walk(path.join(d, entry.name));
      else count++;
    }
  };
  await walk(dir);
  return count;
}
