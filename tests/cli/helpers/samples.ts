import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES_DIR } from './run-cli.ts';
import { loadManifestSync, type ExpectedHit, type Sample, type Trap } from '../../../scripts/samples-manifest.ts';
import type { Box } from '../../../src/domain/geometry.ts';

export type { ExpectedHit, Sample, Trap } from '../../../scripts/samples-manifest.ts';

const manifest = { samples: loadManifestSync(SAMPLES_DIR) };

/** The sample whose file name starts with `prefix` ("01-", "17-"). */
export function sample(prefix: string): Sample {
  const found = manifest.samples.filter((s) => s.file.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one sample starting with ${prefix}, found ${found.length}`);
  return found[0]!;
}

export function samplePath(s: Sample): string {
  return path.join(SAMPLES_DIR, s.file);
}

export function groundTruth(s: Sample): string {
  return readFileSync(path.join(SAMPLES_DIR, s.text), 'utf8');
}

/** Share of `inner`'s area that lies inside `outer`. */
export function coveredShare(inner: Box, outer: Box): number {
  const ix = Math.max(0, Math.min(inner.x + inner.w, outer.x + outer.w) - Math.max(inner.x, outer.x));
  const iy = Math.max(0, Math.min(inner.y + inner.h, outer.y + outer.h) - Math.max(inner.y, outer.y));
  const area = inner.w * inner.h;
  return area > 0 ? (ix * iy) / area : 0;
}

type LocatedHit = { term: string; bbox?: Box | undefined };

/**
 * A hit lies on a ground-truth region when most of its box is inside the region's box: the
 * manifest's boxes are the glyphs' em boxes, OCR's are cut along the ink, so they are smaller.
 */
export const ON_REGION_SHARE = 0.5;

function onRegion(hit: LocatedHit, region: Box): boolean {
  return hit.bbox !== undefined && coveredShare(hit.bbox, region) >= ON_REGION_SHARE;
}

/**
 * Which expected hits the output found: a hit with the expected term (or a term nested in it,
 * which the README allows a matcher to report instead) lying on the expected region. Offsets
 * cannot be compared: OCR text differs from the ground truth. Each hit is used once.
 */
export function matchExpected(s: Sample, hits: readonly LocatedHit[]): { found: ExpectedHit[]; missing: ExpectedHit[] } {
  const used = new Set<number>();
  const found: ExpectedHit[] = [];
  const missing: ExpectedHit[] = [];
  for (const expected of s.expected) {
    const terms = new Set([expected.term, ...(expected.nested ?? []).map((n) => n.term)]);
    const index = hits.findIndex((hit, i) => !used.has(i) && terms.has(hit.term) && onRegion(hit, expected.bbox));
    if (index >= 0) {
      used.add(index);
      found.push(expected);
    } else {
      missing.push(expected);
    }
  }
  return { found, missing };
}

/** Hits reported on a trap: the trap's term on the trap's region. */
export function hitTraps(s: Sample, hits: readonly LocatedHit[]): Trap[] {
  return s.traps.filter((trap) => hits.some((hit) => hit.term === trap.term && onRegion(hit, trap.bbox)));
}
