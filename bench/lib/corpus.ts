import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SAMPLES_DIR } from '../../scripts/samples-manifest.ts';

/** The project's field reports: English notes around Chinese passages written in the seeds' style. */
export const FIELD_REPORTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'text');

const HAN = /\p{Script=Han}/gu;
/** A stretch of a line without Latin words: the Chinese quoted inside the English reports. */
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
 * and the Chinese runs quoted in the field reports (at least 6 Han characters each).
 */
export async function loadPassages(): Promise<{ passages: string[]; fromSamples: number; fromReports: number }> {
  const samples = (await textFiles(SAMPLES_DIR)).filter((t) => hanCount(t) > 0);
  const quotes: string[] = [];
  for (const text of await textFiles(FIELD_REPORTS_DIR)) {
    for (const line of text.split('\n')) {
      for (const run of line.match(NON_LATIN_RUN) ?? []) {
        const passage = run.trim();
        if (hanCount(passage) >= 6) quotes.push(passage);
      }
    }
  }
  return { passages: [...samples, ...quotes], fromSamples: samples.length, fromReports: quotes.length };
}

/** How often each Han character occurs in the given texts. */
export function hanFrequencies(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const ch of text.match(HAN) ?? []) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}
