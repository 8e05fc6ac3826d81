import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SAMPLES_DIR } from '../../scripts/samples-manifest.ts';

/** The seed investigations (../shared/seeds/ beside the checkout); absent in some checkouts. */
export const SEEDS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

const HAN = /\p{Script=Han}/gu;
/** A stretch of a line without Latin words: the Chinese quoted inside the English seeds. */
const NON_LATIN_RUN = /[^A-Za-z*>_#[\]()]+/gu;

export function hanCount(text: string): number {
  return text.match(HAN)?.length ?? 0;
}

async function textFiles(dir: string): Promise<string[]> {
  try {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
    return Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
  } catch {
    return [];
  }
}

/**
 * Real Chinese passages: every sample's ground truth whole (it keeps its visual line breaks),
 * and the Chinese runs quoted in the seed investigations (at least 6 Han characters each).
 */
export async function loadPassages(): Promise<{ passages: string[]; fromSamples: number; fromSeeds: number }> {
  const samples = (await textFiles(SAMPLES_DIR)).filter((t) => hanCount(t) > 0);
  const seeds: string[] = [];
  for (const text of await textFiles(SEEDS_DIR)) {
    for (const line of text.split('\n')) {
      for (const run of line.match(NON_LATIN_RUN) ?? []) {
        const passage = run.trim();
        if (hanCount(passage) >= 6) seeds.push(passage);
      }
    }
  }
  return { passages: [...samples, ...seeds], fromSamples: samples.length, fromSeeds: seeds.length };
}

/** How often each Han character occurs in the given texts. */
export function hanFrequencies(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const ch of text.match(HAN) ?? []) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}
