import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * The only place that reads process.env. Parsed once; a bad value stops the program at start
 * with every bad key listed, instead of failing later in the middle of a batch.
 */
const positiveInt = z.coerce.number().int().positive();

const ConfigSchema = z.object({
  TERMLENS_DATA_DIR: z.string().min(1).default(path.resolve('data')),
  /** Prepared OCR traineddata lives here (derived once from the npm packages, never downloaded). */
  TERMLENS_CACHE_DIR: z.string().min(1).default(path.resolve(import.meta.dirname, '..', 'node_modules', '.cache', 'termlens')),
  TERMLENS_GLOSSARY_DIR: z.string().min(1).default(path.resolve(import.meta.dirname, '..', 'glossary')),
  /** OCR workers kept warm; tesseract.js is single-threaded per worker, so one per core. */
  TERMLENS_OCR_WORKERS: positiveInt.default(Math.max(1, os.availableParallelism())),
  /** Refused before decoding: a 20000×20000 PNG is a few KB on disk and 1.6 GB in memory. */
  TERMLENS_MAX_IMAGE_PIXELS: positiveInt.default(50_000_000),
  TERMLENS_MAX_IMAGE_BYTES: positiveInt.default(50 * 1024 * 1024),
  TERMLENS_MAX_TEXT_BYTES: positiveInt.default(20 * 1024 * 1024),
});

export type Config = {
  dataDir: string;
  glossaryDir: string;
  cacheDir: string;
  ocrWorkers: number;
  maxImagePixels: number;
  maxImageBytes: number;
  maxTextBytes: number;
};

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  return {
    dataDir: c.TERMLENS_DATA_DIR,
    glossaryDir: c.TERMLENS_GLOSSARY_DIR,
    cacheDir: c.TERMLENS_CACHE_DIR,
    ocrWorkers: c.TERMLENS_OCR_WORKERS,
    maxImagePixels: c.TERMLENS_MAX_IMAGE_PIXELS,
    maxImageBytes: c.TERMLENS_MAX_IMAGE_BYTES,
    maxTextBytes: c.TERMLENS_MAX_TEXT_BYTES,
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed from the environment on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
