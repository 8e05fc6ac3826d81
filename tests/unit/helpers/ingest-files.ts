import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { makeBadInputs, renderSamplePng } from '../../fixtures/make-bad-inputs.ts';

export const LIMITS = { maxImagePixels: 50_000_000, maxImageBytes: 50 * 1024 * 1024 };

export type IngestFiles = {
  /** A temp dir of the test file's own, removed after its tests. */
  readonly dir: string;
  readonly bad: Awaited<ReturnType<typeof makeBadInputs>>;
  /** A rendered sample page as PNG. */
  readonly sample: Buffer;
  /** Writes a file into the temp dir and returns its path. */
  put(name: string, data: Uint8Array | string): Promise<string>;
};

/** The files an ingest test file works on, made in its beforeAll and removed in its afterAll. */
export function useIngestFiles(): IngestFiles {
  let dir: string | undefined;
  let bad: Awaited<ReturnType<typeof makeBadInputs>> | undefined;
  let sample: Buffer | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'termlens-ingest-'));
    bad = await makeBadInputs(path.join(dir, 'bad'));
    sample = await renderSamplePng();
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the ingest files are made in beforeAll');
    return value;
  };
  return {
    get dir() {
      return made(dir);
    },
    get bad() {
      return made(bad);
    },
    get sample() {
      return made(sample);
    },
    async put(name, data) {
      const file = path.join(made(dir), name);
      await writeFile(file, data);
      return file;
    },
  };
}

/** The error a rejected promise carries, checked to be a coded, stack-free InputError naming the file. */
export async function refusal(promise: Promise<unknown>, code: string, file: string): Promise<InputError> {
  const error = await promise.then(
    () => expect.unreachable(`expected ${code}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const input = error as InputError;
  expect(input.code, input.message).toBe(code);
  expect(input.kind).toBe('input');
  expect(input.message).toContain(path.basename(file));
  expect(input.message).not.toMatch(/\n\s+at /);
  return input;
}

/** Image as RGBA with a few colours, odd width so BMP rows need padding. */
export async function smallRgba(width: number, height: number): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      rgba[p] = x < width / 2 ? 200 : 16;
      rgba[p + 1] = y < height / 2 ? 40 : 220;
      rgba[p + 2] = (x + y) % 2 ? 255 : 0;
      rgba[p + 3] = 255;
    }
  }
  return rgba;
}
