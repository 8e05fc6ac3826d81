/**
 * Builds (or rebuilds) the holdout set and prints every expected hit in context, for review:
 *
 *   node bin/termlens-dev.js bench/holdout/build.ts [--seed N] [--rebuild]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../src/config.ts';
import { DEFAULT_HOLDOUT_SEED } from './pages.ts';
import { ensureHoldoutSet } from './holdout-set.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, rebuild: { type: 'boolean' } } });
const set = await ensureHoldoutSet({ cacheDir: config().cacheDir, seed: Number(values.seed ?? DEFAULT_HOLDOUT_SEED), rebuild: values.rebuild ?? false });
for (const s of set.samples) {
  const text = [...(await readFile(path.join(set.dir, s.text), 'utf8'))];
  console.log(`== ${s.file} (${s.style}, ${s.layout}, ${s.font}, ${s.fontSizePx}px ×${s.deviceScaleFactor})`);
  for (const h of s.expected) {
    const ctx = (a: number, b: number) => text.slice(Math.max(0, a), b).join('').replaceAll('\n', '⏎');
    console.log(`  ${String(h.start).padStart(4)} ${h.term}  ${ctx(h.start - 8, h.start)}[${ctx(h.start, h.end)}]${ctx(h.end, h.end + 8)}`);
  }
}
console.log(`${set.samples.length} pages, ${set.samples.reduce((n, s) => n + s.expected.length, 0)} expected hits, in ${set.dir}`);
