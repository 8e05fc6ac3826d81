import { config } from '../../src/config.ts';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { unionBoxes } from '../../src/domain/geometry.ts';
import { loadGlossary } from '../../src/glossary/load-glossary.ts';
import { simplifyChar } from '../../src/script/han-script.ts';
import { assembleText, toImageBox, type RenderedChar } from '../../scripts/lib/rendered-chars.ts';
import type { ExpectedHit, Sample } from '../../scripts/samples-manifest.ts';
import { pageHtml } from './page-html.ts';
import { HOLDOUT_RECIPE, holdoutPages, type PageSpec, type Style } from './pages.ts';

/**
 * Builds the holdout set (issue #20, point 8): pages the OCR was never tuned on, rendered in real
 * Chromium from a seed into a cache folder (not committed), with their ground truth in reading
 * order and their expected hits found as samples/ finds them (every form of every glossary
 * entry in the truth, line breaks beside Han characters ignored, the longest match winning).
 * A set already built for the same seed, recipe and glossary is reused.
 */

export type HoldoutSample = Sample & { style: Style; reference?: string };

const CHROMIUM = '/usr/bin/chromium';

type CharRec = RenderedChar;

/**
 * Runs in the page (plain JavaScript in a string, as scripts/render-samples.ts does). A
 * character starts a new visual line when it leaves the current line: for horizontal text its
 * vertical middle leaves the line's band or it sits left of the previous character; for vertical
 * text (writing-mode vertical-rl) its horizontal middle leaves the column or it sits above the
 * previous character.
 */
const EXTRACT_JS = String.raw`(() => {
  const page = document.getElementById('page').getBoundingClientRect();
  const lines = [];
  for (const block of document.querySelectorAll('[data-gt]')) {
    let cur = null;
    let pendingSpace = false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const cs = getComputedStyle(node.parentElement);
      const fontSize = parseFloat(cs.fontSize);
      const vertical = cs.writingMode.startsWith('vertical');
      const s = node.data;
      let i = 0;
      while (i < s.length) {
        const cp = s.codePointAt(i);
        const len = cp > 0xffff ? 2 : 1;
        const ch = String.fromCodePoint(cp);
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + len);
        i += len;
        const rects = [...range.getClientRects()].filter((q) => q.width > 0.01 && q.height > 0.01);
        if (/\s/.test(ch)) { if (rects.length && cur) pendingSpace = true; continue; }
        if (!rects.length) continue;
        const q = rects[0];
        let newLine;
        if (vertical) {
          const mid = (q.left + q.right) / 2;
          newLine = !cur || mid < cur.left || mid > cur.right || q.top < cur.end - fontSize * 0.5;
        } else {
          const mid = (q.top + q.bottom) / 2;
          newLine = !cur || mid < cur.top || mid > cur.bottom || q.left < cur.end - fontSize * 0.5;
        }
        let spaceBefore = false;
        if (newLine) {
          cur = { top: q.top, bottom: q.bottom, left: q.left, right: q.right, end: vertical ? q.bottom : q.right, chars: [] };
          lines.push(cur);
        } else {
          spaceBefore = pendingSpace || (vertical ? q.top : q.left) - cur.end > fontSize * 0.3;
        }
        pendingSpace = false;
        cur.end = vertical ? q.bottom : q.right;
        cur.chars.push({ ch, x: q.left - page.left, y: q.top - page.top, w: q.width, h: q.height, spaceBefore });
      }
    }
  }
  return lines.map((l) => l.chars);
})()`;

const HAN = /\p{Script=Han}/u;

type Fold = { fold: string[]; entryId: string; term: string };

async function glossaryFolds(): Promise<{ folds: Fold[]; version: string }> {
  const glossary = await loadGlossary(config().glossaryDir);
  const terms = new Map(glossary.entries.map((e) => [e.id, e.term]));
  const byFold = new Map<string, Fold>();
  for (const f of glossary.forms) {
    if ([...f.simplified].length < 2) continue;
    byFold.set(f.simplified, { fold: [...f.simplified], entryId: f.entryId, term: terms.get(f.entryId)! });
  }
  const version = createHash('sha256').update(JSON.stringify([...byFold.keys()].sort())).digest('hex').slice(0, 12);
  return { folds: [...byFold.values()], version };
}

type Occurrence = { fold: Fold; start: number; end: number; length: number };

/** Every occurrence, then the longest (and, among equals, the earliest) of overlapping ones. */
export function expectedOccurrences(recs: readonly { ch: string }[], folds: readonly Fold[]): Occurrence[] {
  const text = recs.map((r) => r.ch);
  const kept = text.flatMap((ch, i) => {
    if (ch !== '\n') return [i];
    const near = [text[i - 1], text[i + 1]].some((c) => c !== undefined && HAN.test(c));
    return near ? [] : [i];
  });
  const folded = kept.map((i) => {
    const simple = simplifyChar(text[i]!);
    return [...simple].length === 1 ? simple : text[i]!;
  });
  const all: Occurrence[] = [];
  for (const fold of folds) {
    outer: for (let at = 0; at + fold.fold.length <= folded.length; at++) {
      for (let j = 0; j < fold.fold.length; j++) if (folded[at + j] !== fold.fold[j]) continue outer;
      all.push({ fold, start: kept[at]!, end: kept[at + fold.fold.length - 1]! + 1, length: fold.fold.length });
    }
  }
  const chosen: Occurrence[] = [];
  for (const o of [...all].sort((a, b) => b.length - a.length || a.start - b.start)) {
    if (chosen.some((c) => c.start < o.end && o.start < c.end)) continue;
    chosen.push(o);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

async function renderPage(browser: Browser, spec: PageSpec, folds: Fold[], dir: string): Promise<HoldoutSample> {
  const dpr = spec.deviceScaleFactor;
  const context = await browser.newContext({ viewport: { width: spec.width, height: 600 }, deviceScaleFactor: dpr, locale: spec.script === 'traditional' ? 'zh-TW' : 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.setContent(pageHtml(spec), { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    const cssHeight = (await page.evaluate(
      `(() => { const p = document.getElementById('page'); const h = Math.ceil(p.getBoundingClientRect().height); p.style.height = h + 'px'; return h; })()`,
    )) as number;
    const lines = (await page.evaluate(EXTRACT_JS)) as CharRec[][];
    const shot = await page.screenshot({
      clip: { x: 0, y: 0, width: spec.width, height: cssHeight },
      fullPage: true,
      type: spec.format,
      ...(spec.format === 'jpeg' ? { quality: spec.jpegQuality ?? 80 } : {}),
    });
    const image = spec.format === 'png' ? await sharp(shot).png({ compressionLevel: 9 }).toBuffer() : shot;
    const width = spec.width * dpr;
    const height = cssHeight * dpr;
    const recs = assembleText(lines);
    const text = recs.map((r) => r.ch).join('');
    const expected: ExpectedHit[] = expectedOccurrences(recs, folds).map((o) => {
      const byLine = new Map<number, CharRec[]>();
      for (const r of recs.slice(o.start, o.end)) if (r.c) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r.c]);
      const boxes = [...byLine.values()].map((rects) => toImageBox(rects, dpr, width, height));
      return { term: o.fold.term, entryId: o.fold.entryId, matched: recs.slice(o.start, o.end).map((r) => r.ch).join(''), start: o.start, end: o.end, bbox: unionBoxes(boxes)!, boxes, zone: '' };
    });
    const ext = spec.format === 'jpeg' ? 'jpg' : 'png';
    await writeFile(path.join(dir, `${spec.name}.${ext}`), image);
    await writeFile(path.join(dir, `${spec.name}.txt`), text, 'utf8');
    const features = [`style:${spec.style}`, `layout:${spec.layout}`];
    if (spec.format === 'jpeg') features.push('jpeg');
    if (dpr >= 2) features.push('hidpi');
    if (expected.some((h) => h.matched.includes('\n'))) features.push('wrap');
    return {
      file: `${spec.name}.${ext}`,
      text: `${spec.name}.txt`,
      script: spec.script,
      layout: spec.layout,
      font: `${spec.font.family} ${spec.font.weight}`,
      fontKind: 'sans',
      fontSizePx: spec.fontSizePx,
      deviceScaleFactor: dpr,
      viewport: { width: spec.width, height: cssHeight },
      features,
      width,
      height,
      bytes: image.length,
      passageChars: [...text.replace(/\s+/gu, '')].length,
      source: 'bench/holdout/passages.ts',
      expected,
      traps: [],
      style: spec.style,
      ...(spec.reference ? { reference: `${spec.reference}.${'png'}` } : {}),
    };
  } finally {
    await context.close();
  }
}

export type HoldoutSet = { dir: string; samples: HoldoutSample[]; seed: number };

/** The folder a seed's set lives in, under the cache folder. */
export function holdoutDir(cacheDir: string, seed: number, glossaryVersion: string): string {
  return path.join(cacheDir, 'holdout', `seed-${seed}-recipe-${HOLDOUT_RECIPE}-glossary-${glossaryVersion}`);
}

export async function ensureHoldoutSet(options: { cacheDir: string; seed: number; rebuild?: boolean; log?: (line: string) => void }): Promise<HoldoutSet> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { folds, version } = await glossaryFolds();
  const dir = holdoutDir(options.cacheDir, options.seed, version);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!options.rebuild) {
    try {
      return { dir, seed: options.seed, samples: (JSON.parse(await readFile(manifestPath, 'utf8')) as { samples: HoldoutSample[] }).samples };
    } catch {
      // not built yet
    }
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const pages = holdoutPages(options.seed);
  log(`building the holdout set (seed ${options.seed}, ${pages.length} pages) in ${dir}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--font-render-hinting=none'] });
  const samples: HoldoutSample[] = [];
  try {
    for (const spec of pages) {
      const sample = await renderPage(browser, spec, folds, dir);
      samples.push(sample);
      log(`  ${sample.file} ${sample.width}x${sample.height} ${sample.font} hits=${sample.expected.length}`);
    }
  } finally {
    await browser.close();
  }
  // The manifest last, whole: a set interrupted half-way is rebuilt, never used.
  const temp = `${manifestPath}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ seed: options.seed, recipe: HOLDOUT_RECIPE, samples }, null, 2)}\n`);
  await rename(temp, manifestPath);
  return { dir, seed: options.seed, samples };
}
