import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { config } from '../config.ts';
import { DependencyError } from '../errors.ts';
import { verifyModelChecksum } from './model-checksums.ts';
import {
  LANG_CONFIG_COMPONENT,
  LSTM_COMPONENT,
  parseTraineddata,
  removeConfigKeys,
  serializeTraineddata,
} from './traineddata-container.ts';

/**
 * Turns the traineddata shipped in the @tesseract.js-data npm packages into files tesseract.js
 * can combine. The packaged chi_sim/chi_tra configs start with `tessedit_load_sublangs
 * chi_*_vert`; the wasm build mangles that line and `chi_sim+chi_tra` silently runs as chi_sim
 * alone. Removing it makes the combination work (CER 16.3% → 9.7% on screenshots).
 */

/** Bump when the edit below changes, so files prepared by an older recipe are redone. */
const RECIPE_VERSION = 1;
const REMOVED_CONFIG_KEYS = ['tessedit_load_sublangs'] as const;
/** The LSTM-only "best_int" models: 16.3% CER against 36.6% for the legacy `4.0.0` pack. */
const PACKAGE_DATA_FOLDER = '4.0.0_best_int';

const require = createRequire(import.meta.url);

type Marker = {
  recipe: number;
  language: string;
  package: string;
  packageVersion: string;
  sourceSha256: string;
  preparedSha256: string;
  removedConfigLines: string[];
};

export type PreparedLanguage = { language: string; file: string; marker: Marker };

/** The folder holding prepared `<lang>.traineddata` files (uncompressed), for tesseract's langPath. */
export function tessdataDir(cacheDir = config().cacheDir): string {
  return path.join(cacheDir, 'tessdata');
}

/** Where the installed npm package keeps the gzipped traineddata for one language. */
export async function packagedTraineddata(language: string): Promise<{ file: string; packageName: string; version: string }> {
  if (!/^[a-z0-9_]+$/i.test(language)) {
    throw new DependencyError('OCR_LANGUAGE_INVALID', `invalid OCR language code ${JSON.stringify(language)}`);
  }
  const packageName = `@tesseract.js-data/${language}`;
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${packageName}/package.json`);
  } catch (cause) {
    throw new DependencyError(
      'OCR_LANGUAGE_MISSING',
      `OCR language "${language}" is not installed: the npm package ${packageName} was not found (add it to package.json and run npm install)`,
      { cause },
    );
  }
  const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as { version?: string };
  const file = path.join(path.dirname(manifestPath), PACKAGE_DATA_FOLDER, `${language}.traineddata.gz`);
  try {
    await fs.access(file);
  } catch (cause) {
    throw new DependencyError('OCR_LANGUAGE_MISSING', `${packageName} has no ${PACKAGE_DATA_FOLDER}/${language}.traineddata.gz`, { cause });
  }
  return { file, packageName, version: manifest.version ?? 'unknown' };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Whole-file replace, so a concurrent reader or a crash never sees half a file. */
async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** The edit itself, on an uncompressed traineddata file. */
export function stripSublanguages(traineddata: Buffer): { data: Buffer; removedConfigLines: string[] } {
  const components = parseTraineddata(traineddata);
  if (!components[LSTM_COMPONENT]) {
    throw new Error('traineddata has no LSTM model (is it a legacy-only pack?)');
  }
  const configComponent = components[LANG_CONFIG_COMPONENT];
  if (!configComponent) return { data: traineddata, removedConfigLines: [] };
  // latin1 round-trips every byte; the config holds UTF-8 (a character blacklist) we must not touch.
  const { text, removed } = removeConfigKeys(configComponent.toString('latin1'), REMOVED_CONFIG_KEYS);
  if (removed.length === 0) return { data: traineddata, removedConfigLines: [] };
  components[LANG_CONFIG_COMPONENT] = Buffer.from(text, 'latin1');
  return { data: serializeTraineddata(components), removedConfigLines: removed };
}

async function readMarker(file: string): Promise<Marker | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Marker;
  } catch {
    return null;
  }
}

async function isPreparedFileIntact(file: string, expectedSha256: string): Promise<boolean> {
  try {
    return sha256(await fs.readFile(file)) === expectedSha256;
  } catch {
    return false;
  }
}

async function prepareLanguage(language: string, dir: string): Promise<PreparedLanguage> {
  const source = await packagedTraineddata(language);
  const gz = await fs.readFile(source.file);
  verifyModelChecksum(source.file, gz);
  const sourceSha256 = sha256(gz);
  const file = path.join(dir, `${language}.traineddata`);
  const markerFile = `${file}.json`;

  const existing = await readMarker(markerFile);
  if (
    existing &&
    existing.recipe === RECIPE_VERSION &&
    existing.sourceSha256 === sourceSha256 &&
    (await isPreparedFileIntact(file, existing.preparedSha256))
  ) {
    return { language, file, marker: existing };
  }

  let prepared: { data: Buffer; removedConfigLines: string[] };
  try {
    prepared = stripSublanguages(gunzipSync(gz));
  } catch (cause) {
    throw new DependencyError(
      'OCR_TRAINEDDATA_INVALID',
      `cannot prepare ${source.file} (${source.packageName}@${source.version}): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const marker: Marker = {
    recipe: RECIPE_VERSION,
    language,
    package: source.packageName,
    packageVersion: source.version,
    sourceSha256,
    preparedSha256: sha256(prepared.data),
    removedConfigLines: prepared.removedConfigLines,
  };
  try {
    // Data before marker: a marker never vouches for a file that is not there yet.
    await writeAtomically(file, prepared.data);
    await writeAtomically(markerFile, `${JSON.stringify(marker, null, 2)}\n`);
  } catch (cause) {
    throw new DependencyError('OCR_CACHE_UNWRITABLE', `cannot write prepared OCR data to ${dir}`, { cause });
  }
  return { language, file, marker };
}

const preparing = new Map<string, Promise<PreparedLanguage>>();

/**
 * Makes sure `<cacheDir>/tessdata/<lang>.traineddata` exists for every language, derived from
 * the installed package version, and returns the folder. Checked once per process; a failure is
 * not remembered, so fixing the install and retrying works without a restart.
 */
export async function prepareTessdata(languages: readonly string[], cacheDir = config().cacheDir): Promise<string> {
  const dir = tessdataDir(cacheDir);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new DependencyError('OCR_CACHE_UNWRITABLE', `cannot create the OCR data folder ${dir}`, { cause });
  }
  await Promise.all(
    languages.map((language) => {
      const key = `${dir}\0${language}`;
      let pending = preparing.get(key);
      if (!pending) {
        pending = prepareLanguage(language, dir);
        preparing.set(key, pending);
        pending.catch(() => preparing.delete(key));
      }
      return pending;
    }),
  );
  return dir;
}
