import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/geometry.ts';
import { OcrResultSchema, type OcrResult } from '../../src/domain/ocr.ts';
import { DependencyError } from '../../src/errors.ts';
import { createTesseractEngine, type TesseractEngine } from '../../src/engines/tesseract-engine.ts';
import { TesseractWorker } from '../../src/engines/tesseract-worker.ts';
import { packagedTraineddata, prepareTessdata } from '../../src/engines/tessdata.ts';
import { LANG_CONFIG_COMPONENT, parseTraineddata, serializeTraineddata } from '../../src/engines/traineddata-container.ts';
import { countScripts, detectScript } from '../../src/script/han-script.ts';
import { ocrImage } from '../../src/stages/ocr.ts';
import { DECODE_FAIL_ON } from '../../src/image/decode-check.ts';
import { findDarkRegions, preprocessImage } from '../../src/stages/preprocess-image.ts';
import { charErrorRate, editDistance } from '../../src/util/char-error-rate.ts';

/**
 * The OCR stage end to end on screenshots rendered by Chromium (scripts/render-ocr-fixtures.ts),
 * whose JSON companions hold the true text and every character's layout box.
 */
const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'ocr');
const NAMES = ['simplified-paragraph', 'traditional-paragraph', 'dark-nav-bar'] as const;
type Name = (typeof NAMES)[number];
type Truth = { text: string; script: string; chars: ({ ch: string } & Box)[] };

/** Measured 0.5%, 0.6% and 0.0%; the margin absorbs small changes in the recipe, not a broken one. */
const MAX_CER = 0.02;

const png = (name: Name) => fs.readFileSync(path.join(FIXTURES, `${name}.png`));
const page = async (name: Name) => (await preprocessImage(png(name))).page;
const truthOf = (name: Name): Truth => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Truth;
const traineddataIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('traineddata'));

/** Pairs of equal characters on the cheapest edit path from recognised to true text. */
function alignChars(a: readonly string[], b: readonly string[]): [number, number][] {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = a.length, j = b.length; i > 0 && j > 0; ) {
    if (d[i]![j] === d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      if (a[i - 1] === b[j - 1]) pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return pairs.reverse();
}

const centreInside = (box: Box, outer: Box) => {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  return cx >= outer.x && cx <= outer.x + outer.w && cy >= outer.y && cy <= outer.y + outer.h;
};

/** Share of correctly read characters whose OCR box centre lies in the character's layout box. */
function boxAccuracy(result: OcrResult, truth: Truth): number {
  const placed = Array.from(result.text)
    .map((ch, i) => ({ ch, box: result.boxes[i] }))
    .filter((p): p is { ch: string; box: Box } => p.box != null);
  const pairs = alignChars(
    placed.map((p) => p.ch),
    truth.chars.map((c) => c.ch),
  );
  const inside = pairs.filter(([p, t]) => centreInside(placed[p]!.box, truth.chars[t]!)).length;
  return inside / pairs.length;
}

/** The union box of the first occurrence of `term` in the text, and the same from the truth. */
function termBoxes(result: OcrResult, truth: Truth, term: string): { ocr: Box; truth: Box } {
  const points = Array.from(result.text);
  const termPoints = Array.from(term);
  const start = points.findIndex((_, i) => points.slice(i, i + termPoints.length).join('') === term);
  expect(start, `"${term}" in the OCR text`).toBeGreaterThanOrEqual(0);
  const truthChars = truth.chars.map((c) => c.ch);
  const truthStart = truthChars.findIndex((_, i) => truthChars.slice(i, i + termPoints.length).join('') === term);
  const union = (boxes: Box[]): Box => {
    const x0 = Math.min(...boxes.map((b) => b.x));
    const y0 = Math.min(...boxes.map((b) => b.y));
    return { x: x0, y: y0, w: Math.max(...boxes.map((b) => b.x + b.w)) - x0, h: Math.max(...boxes.map((b) => b.y + b.h)) - y0 };
  };
  return {
    ocr: union(result.boxes.slice(start, start + termPoints.length) as Box[]),
    truth: union(truth.chars.slice(truthStart, truthStart + termPoints.length)),
  };
}

let engine: TesseractEngine;
let traineddataBefore: string[];
const results = new Map<Name, OcrResult>();

beforeAll(async () => {
  traineddataBefore = traineddataIn(process.cwd());
  engine = createTesseractEngine({ workers: 2 });
  await Promise.all(NAMES.map(async (name) => results.set(name, await ocrImage(png(name), engine))));
});

afterAll(async () => {
  await engine?.terminate();
});

describe('ocrImage on rendered screenshots', () => {
  it.each(NAMES)('reads %s with a character error rate below 2%%', (name) => {
    const result = results.get(name)!;
    expect(charErrorRate(result.text, truthOf(name).text)).toBeLessThanOrEqual(MAX_CER);
  });

  it('returns a valid result: one box per code point, the image size, the raw engine output', async () => {
    for (const name of NAMES) {
      const result = OcrResultSchema.parse(results.get(name));
      const { width, height } = await sharp(png(name)).metadata();
      expect([result.width, result.height]).toEqual([width, height]);
      expect(result.boxes).toHaveLength(Array.from(result.text).length);
      expect(result.engine).toBe('tesseract.js');
      expect(result.raw.lines.length).toBeGreaterThan(0);
      expect(result.meanConfidence).toBeGreaterThan(50);
    }
  });

  it('reads each page with the language model of its script, and says which lost', () => {
    for (const name of NAMES) {
      const result = results.get(name)!;
      const winner = truthOf(name).script === 'traditional' ? 'chi_tra' : 'chi_sim';
      expect(result.languages, name).toEqual([winner]);
      expect(result.raw.alternatives).toHaveLength(1);
      expect(result.raw.alternatives![0]!.languages).not.toEqual([winner]);
      expect(result.raw.alternatives![0]!.meanConfidence).toBeLessThan(result.meanConfidence);
    }
  });

  it('also reads with both languages loaded jointly, which the prepared traineddata makes possible', async () => {
    const joint = createTesseractEngine({ mode: 'joint', workers: 1 });
    try {
      const result = await ocrImage(png('traditional-paragraph'), joint);
      expect(result.languages).toEqual(['chi_sim', 'chi_tra']);
      expect(result.raw.alternatives).toBeUndefined();
      // chi_sim alone reads this page at about 39% CER; jointly it must do nearly as well as chi_tra.
      expect(charErrorRate(result.text, truthOf('traditional-paragraph').text)).toBeLessThanOrEqual(MAX_CER);
      expect(countScripts(result.text).simplified).toBe(0);
    } finally {
      await joint.terminate();
    }
  });

  it('reads white text on the dark masthead, menu bar and footer', () => {
    const { text } = results.get('dark-nav-bar')!;
    for (const phrase of ['海安市公安局', '首页', '警务公开', '侨务服务', '海外联络站', '办事指南', '主办单位', '0513-88888888']) {
      expect(text).toContain(phrase);
    }
  });

  it('puts the boxes of recognised characters on those characters in the image', () => {
    for (const name of NAMES) {
      expect(boxAccuracy(results.get(name)!, truthOf(name)), name).toBeGreaterThanOrEqual(0.97);
    }
    const nav = termBoxes(results.get('dark-nav-bar')!, truthOf('dark-nav-bar'), '海外联络站');
    expect(centreInside(nav.ocr, nav.truth)).toBe(true);
    expect(nav.ocr.w).toBeGreaterThan(nav.truth.w * 0.8);
    expect(nav.ocr.w).toBeLessThanOrEqual(nav.truth.w + 2);
  });

  it('removes the spaces tesseract puts between Chinese characters', () => {
    const hanSpaceHan = /\p{Script=Han} +\p{Script=Han}/u;
    for (const name of NAMES) {
      const result = results.get(name)!;
      expect(result.raw.text).toMatch(hanSpaceHan);
      expect(result.text).not.toMatch(hanSpaceHan);
    }
  });

  it('keeps traditional text traditional and simplified text simplified', () => {
    const traditional = results.get('traditional-paragraph')!.text;
    expect(detectScript(traditional)).toBe('traditional');
    expect(countScripts(traditional).simplified).toBe(0);
    for (const name of ['simplified-paragraph', 'dark-nav-bar'] as const) {
      expect(countScripts(results.get(name)!.text).traditional, name).toBe(0);
    }
  });

  it('reads a colour page too: tesseract gets RGB pixels when preprocessing leaves them', async () => {
    const result = await ocrImage(png('simplified-paragraph'), engine, { preprocess: { greyscale: false } });
    expect(charErrorRate(result.text, truthOf('simplified-paragraph').text)).toBeLessThanOrEqual(MAX_CER);
    expect(boxAccuracy(result, truthOf('simplified-paragraph'))).toBeGreaterThanOrEqual(0.97);
  });

  it('reports boxes in the displayed image when EXIF orientation rotates it', async () => {
    // Stored sideways with orientation 6, as phone cameras save it; displayed upright.
    const sideways = await sharp(png('simplified-paragraph')).rotate(-90).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const upright = results.get('simplified-paragraph')!;
    const result = await ocrImage(sideways, engine);
    expect([result.width, result.height]).toEqual([upright.width, upright.height]);
    expect(charErrorRate(result.text, truthOf('simplified-paragraph').text)).toBeLessThanOrEqual(MAX_CER);
    const term = termBoxes(result, truthOf('simplified-paragraph'), '警侨联动');
    expect(centreInside(term.ocr, term.truth)).toBe(true);
  });

  it('writes no traineddata into the working directory', () => {
    expect(traineddataIn(process.cwd())).toEqual(traineddataBefore);
  });
});

describe('preprocessImage', () => {
  it('finds the dark bars of the fixture and keeps the image size', async () => {
    const prepared = await preprocessImage(png('dark-nav-bar'));
    const { width, height } = await sharp(png('dark-nav-bar')).metadata();
    expect([prepared.width, prepared.height]).toEqual([width, height]);
    // Grey pixels, one byte each, for the engines to read without decoding.
    expect(prepared.page).toMatchObject({ width, height, channels: 1 });
    expect(prepared.page.data).toHaveLength(width! * height!);
    // Masthead and menu bar (one band: they touch) and the footer, each the full width.
    expect(prepared.darkRegions).toHaveLength(2);
    for (const region of prepared.darkRegions) expect(region.w).toBe(width);
    expect(prepared.darkRegions[0]!.y).toBe(0);
    expect(prepared.darkRegions[1]!.y + prepared.darkRegions[1]!.h).toBe(height);
  });

  it('finds a dark sidebar beside light content, but never the strokes of a character', () => {
    const width = 300;
    const height = 100;
    const grey = new Uint8Array(width * height).fill(255);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < 80; x++) grey[y * width + x] = 30;
      // A heavy vertical stroke, dark over the full height, in the light part.
      for (let x = 150; x < 156; x++) grey[y * width + x] = 0;
    }
    expect(findDarkRegions(grey, width, height)).toEqual([{ x: 0, y: 0, w: 80, h: 100 }]);
  });

  it('reads a JPEG that decodes with a warning, as ingest accepts it (stray bytes before a marker)', async () => {
    const jpeg = await sharp(png('dark-nav-bar')).jpeg().toBuffer();
    const stray = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([1, 2, 3, 4]), jpeg.subarray(2)]);
    // sharp's default refuses it ("4 extraneous bytes before marker"); ingest's check does not.
    await expect(sharp(stray).raw().toBuffer()).rejects.toThrow(/extraneous bytes/);
    await expect(sharp(stray, { failOn: DECODE_FAIL_ON }).raw().toBuffer()).resolves.toBeInstanceOf(Buffer);
    const prepared = await preprocessImage(stray);
    const { width, height } = await sharp(png('dark-nav-bar')).metadata();
    expect([prepared.width, prepared.height]).toEqual([width, height]);
  });

  it('with greyscale off, hands over the oriented page as RGB, alpha flattened onto white', async () => {
    const transparent = await sharp({ create: { width: 4, height: 2, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 0 } } })
      .composite([{ input: { create: { width: 2, height: 2, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 1 } } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    const { page } = await preprocessImage(transparent, { greyscale: false });
    expect(page).toMatchObject({ width: 4, height: 2, channels: 3 });
    expect([...page.data.subarray(0, 3)]).toEqual([10, 20, 30]);
    expect([...page.data.subarray(9, 12)]).toEqual([255, 255, 255]);
  });

  it('refuses bytes that are not an image as bad input', async () => {
    await expect(preprocessImage(Buffer.from('not an image'))).rejects.toMatchObject({ kind: 'input', code: 'IMAGE_UNREADABLE' });
  });
});

describe('traineddata preparation', () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'termlens-tessdata-'));
  afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('removes the sublanguage line and leaves every other component as packaged', async () => {
    const dir = await prepareTessdata(['chi_sim', 'chi_tra'], cacheDir);
    for (const language of ['chi_sim', 'chi_tra']) {
      const packaged = parseTraineddata(gunzipSync(fs.readFileSync((await packagedTraineddata(language)).file)));
      const prepared = parseTraineddata(fs.readFileSync(path.join(dir, `${language}.traineddata`)));
      const packagedConfig = packaged[LANG_CONFIG_COMPONENT]!.toString('latin1');
      const preparedConfig = prepared[LANG_CONFIG_COMPONENT]!.toString('latin1');
      expect(packagedConfig).toContain('tessedit_load_sublangs');
      expect(preparedConfig).not.toContain('tessedit_load_sublangs');
      expect(preparedConfig).toBe(packagedConfig.replace(/^tessedit_load_sublangs[^\n]*\n/m, ''));
      expect(prepared).toHaveLength(packaged.length);
      for (let i = 0; i < packaged.length; i++) {
        if (i !== LANG_CONFIG_COMPONENT) expect(prepared[i]?.equals(packaged[i]!) ?? packaged[i] === null, `component ${i}`).toBe(true);
      }
    }
  });

  it('records where the file came from and reuses it until it no longer matches', async () => {
    const dir = await prepareTessdata(['chi_sim'], cacheDir);
    const file = path.join(dir, 'chi_sim.traineddata');
    const marker = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as Record<string, unknown>;
    const source = await packagedTraineddata('chi_sim');
    expect(marker.sourceSha256).toBe(createHash('sha256').update(fs.readFileSync(source.file)).digest('hex'));
    expect(marker.packageVersion).toBe(source.version);
    expect(marker.preparedSha256).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));

    // A fresh process (the memo of this one cleared by using another folder name) must detect damage.
    const otherCache = fs.mkdtempSync(path.join(os.tmpdir(), 'termlens-tessdata-'));
    try {
      const otherDir = path.join(otherCache, 'tessdata');
      fs.mkdirSync(otherDir);
      fs.copyFileSync(file, path.join(otherDir, 'chi_sim.traineddata'));
      fs.copyFileSync(`${file}.json`, path.join(otherDir, 'chi_sim.traineddata.json'));
      fs.appendFileSync(path.join(otherDir, 'chi_sim.traineddata'), 'damage');
      await prepareTessdata(['chi_sim'], otherCache);
      expect(fs.readFileSync(path.join(otherDir, 'chi_sim.traineddata')).equals(fs.readFileSync(file))).toBe(true);
      expect(fs.readdirSync(otherDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      fs.rmSync(otherCache, { recursive: true, force: true });
    }
  });

  it('round-trips the container format byte for byte', async () => {
    const data = gunzipSync(fs.readFileSync((await packagedTraineddata('chi_tra')).file));
    expect(serializeTraineddata(parseTraineddata(data)).equals(data)).toBe(true);
    expect(() => parseTraineddata(Buffer.from('not traineddata'))).toThrow();
  });
});

describe('engine failures', () => {
  it('reports a language whose package is not installed as a dependency error', async () => {
    const broken = createTesseractEngine({ languages: ['xx_missing'], workers: 1 });
    try {
      await expect(broken.recognize(await page('dark-nav-bar'))).rejects.toMatchObject({ kind: 'dependency', code: 'OCR_LANGUAGE_MISSING' });
    } finally {
      await broken.terminate();
    }
  });

  it('rejects instead of hanging when tesseract cannot load its data', async () => {
    const langPath = fs.mkdtempSync(path.join(os.tmpdir(), 'termlens-bad-tessdata-'));
    try {
      fs.writeFileSync(path.join(langPath, 'chi_sim.traineddata'), Buffer.alloc(4096, 7));
      const started = Date.now();
      const creating = TesseractWorker.create({ langPath, languages: ['chi_sim'], pageSegMode: 6, dpi: 96, createTimeoutMs: 60_000 });
      await expect(creating).rejects.toBeInstanceOf(DependencyError);
      await expect(creating).rejects.toMatchObject({ code: 'OCR_ENGINE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      fs.rmSync(langPath, { recursive: true, force: true });
    }
  });

  it('refuses work after terminate()', async () => {
    const closing = createTesseractEngine({ workers: 1 });
    await closing.terminate();
    await expect(closing.recognize(await page('dark-nav-bar'))).rejects.toMatchObject({ code: 'OCR_ENGINE_CLOSED' });
  });
});

describe('charErrorRate', () => {
  it('counts edits in code points and ignores whitespace', () => {
    expect(editDistance('警侨驿站', '警侨驛站')).toBe(1);
    expect(editDistance('𠮷野家', '吉野家')).toBe(1);
    expect(editDistance('', '海外')).toBe(2);
    expect(charErrorRate('海外 联络\n站', '海外联络站')).toBe(0);
    expect(charErrorRate('海外联络', '海外联络站')).toBeCloseTo(0.2);
    expect(charErrorRate('a b', 'ab', { ignoreWhitespace: false })).toBe(0.5);
    expect(charErrorRate('', '')).toBe(0);
  });
});
