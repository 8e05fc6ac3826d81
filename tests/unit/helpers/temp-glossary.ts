import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const SHIPPED_GLOSSARY = path.resolve(import.meta.dirname, '..', '..', '..', 'glossary');

/** Temp folders made by a test file, removed by its afterAll. */
export class TempDirs {
  private readonly dirs: string[] = [];

  async make(prefix = 'termlens-interchange-'): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** A copy of the shipped glossary folder, for anything that writes. */
  async shippedCopy(): Promise<string> {
    const dir = await this.make('termlens-glossary-copy-');
    await cp(SHIPPED_GLOSSARY, dir, { recursive: true });
    return dir;
  }

  async withFiles(files: Record<string, string | Uint8Array>): Promise<string> {
    const dir = await this.make();
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    return dir;
  }

  async removeAll(): Promise<void> {
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** Every file of a folder with its bytes, to prove that something wrote nothing. */
export async function folderContents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = (await readFile(path.join(dir, name))).toString('base64');
  return out;
}

/** 1-based line of the first line containing `needle`, so expectations follow the fixture. */
export function lineContaining(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`"${needle}" not found`);
}
