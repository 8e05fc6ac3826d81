import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encode } from 'bmp-ts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocumentResult, DocumentResultSchema } from '../../src/domain/document-result.ts';
import { makeTempDir, outputLines, runCli, type CliRun } from './helpers/run-cli.ts';
import { sample, samplePath } from './helpers/samples.ts';

/**
 * A screenshot saved as BMP (Windows' Paint and older capture tools still write it) is read
 * like any other: `termlens annotate` on the same pixels as PNG and as BMP gives the same text
 * and the same glossary hits. The BMP is made here from the sample with bmp-ts's encoder.
 */

const SCREENSHOT = sample('01-'); // simplified, with a dark navigation bar that carries hits

let tempDir: string;
let bmpPath: string;
let run: CliRun;
let png: DocumentResult;
let bmp: DocumentResult;

beforeAll(async () => {
  tempDir = await makeTempDir('termlens-cli-bmp-');
  const { data, info } = await sharp(await readFile(samplePath(SCREENSHOT)))
    .flatten({ background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // bmp-ts takes its pixels as A, B, G, R.
  const abgr = Buffer.alloc(info.width * info.height * 4);
  for (let p = 0; p < info.width * info.height; p++) {
    abgr[p * 4] = 255;
    abgr[p * 4 + 1] = data[p * 3 + 2]!;
    abgr[p * 4 + 2] = data[p * 3 + 1]!;
    abgr[p * 4 + 3] = data[p * 3]!;
  }
  bmpPath = path.join(tempDir, 'screenshot.bmp');
  await writeFile(bmpPath, encode({ data: abgr, width: info.width, height: info.height, bitPP: 24 }).data);

  run = await runCli(['annotate', '--format', 'jsonl', samplePath(SCREENSHOT), bmpPath], { timeoutMs: 220_000 });
  const documents = outputLines(run.stdout).map((line) => DocumentResultSchema.parse(JSON.parse(line)));
  expect(documents, run.stderr).toHaveLength(2);
  [png, bmp] = [documents[0]!, documents[1]!];
}, 240_000);

afterAll(async () => {
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('annotate a BMP screenshot', () => {
  it('reads it, as a BMP of the same size', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(bmp.source).toMatchObject({ path: bmpPath, mediaType: 'image/bmp', width: png.source.width, height: png.source.height });
  });

  it('finds the same text and the same glossary hits, in the same places, as in the PNG', () => {
    expect(png.hits.length).toBeGreaterThan(0);
    expect(bmp.text).toBe(png.text);
    const located = (doc: DocumentResult) => doc.hits.map(({ entryId, term, matched, start, end, kind, bbox }) => ({ entryId, term, matched, start, end, kind, bbox }));
    expect(located(bmp)).toEqual(located(png));
  });
});
