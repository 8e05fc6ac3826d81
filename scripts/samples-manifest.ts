import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Box } from '../src/domain/geometry.ts';
import type { FontKind } from './sample-passages.ts';

/**
 * samples/manifest.json, written by scripts/render-samples.ts and read by the benchmarks and the
 * tests (see samples/README.md): one definition of its shape and one way to load it.
 */
export type ExpectedHit = {
  /** The entry's canonical (simplified) term, whichever of its forms stands in the text. */
  term: string;
  /** The glossary entry the hit belongs to. */
  entryId: string;
  matched: string;
  start: number;
  end: number;
  bbox: Box;
  boxes: Box[];
  zone: string;
  /** Shorter glossary forms inside this hit: the longest match wins, so these are not expected as hits. */
  nested?: { term: string; entryId: string; matched: string; start: number; end: number }[];
};

export type Trap = {
  /** The canonical term of the glossary entry this text must not be reported as. */
  term: string;
  entryId: string;
  text: string;
  start: number;
  end: number;
  why: string;
  bbox: Box;
  boxes: Box[];
};

export type Sample = {
  file: string;
  text: string;
  script: 'simplified' | 'traditional';
  layout: string;
  font: string;
  fontKind: FontKind;
  fontSizePx: number;
  deviceScaleFactor: number;
  viewport: { width: number; height: number };
  features: string[];
  width: number;
  height: number;
  bytes: number;
  passageChars: number;
  source: string;
  expected: ExpectedHit[];
  traps: Trap[];
};

export const SAMPLES_DIR = path.resolve(import.meta.dirname, '..', 'samples');

export async function loadManifest(dir: string = SAMPLES_DIR): Promise<Sample[]> {
  const raw = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { samples: Sample[] };
  return raw.samples;
}

/** The same, synchronously, for test modules that pick samples at collection time. */
export function loadManifestSync(dir: string = SAMPLES_DIR): Sample[] {
  return (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { samples: Sample[] }).samples;
}

export async function readTruth(sample: Sample, dir: string = SAMPLES_DIR): Promise<string> {
  return readFile(path.join(dir, sample.text), 'utf8');
}
