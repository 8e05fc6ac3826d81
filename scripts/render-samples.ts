/**
 * Renders samples/: realistic screenshots of Chinese police, state-media, government and
 * WeChat pages, with ground-truth text and expected glossary hits taken from Chromium's own
 * layout (so line breaks and boxes are exactly what is on the image).
 *
 *   npx tsx scripts/render-samples.ts            # render all
 *   npx tsx scripts/render-samples.ts 05 12      # only samples whose number or slug matches
 *   npx tsx scripts/render-samples.ts --review   # dry run: every glossary form found, in context
 *
 * Needs Debian's chromium and the CJK fonts (fonts-noto-cjk, fonts-arphic-ukai/uming).
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { unionBoxes } from '../src/domain/geometry.ts';
import { assembleText } from './lib/rendered-chars.ts';
import { GlossaryIndex } from './lib/sample-glossary-index.ts';
import { checkMarkup, findOccurrences, groupBoxes, resolveOccurrences, reviewReport, spanOf } from './lib/sample-hits.ts';
import { MarkupRenderer, plainLength } from './lib/sample-markup.ts';
import { EXTRACT_JS, type LineRec, type TextRec } from './lib/sample-page-chars.ts';
import { fontFamily, pageHtml } from './lib/sample-page-html.ts';
import { REQUIRED_TERMS, SAMPLES, type SampleSpec } from './sample-passages.ts';
import type { ExpectedHit, Sample, Trap } from './samples-manifest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'samples');
const CHROMIUM = '/usr/bin/chromium';
const MAX_FILE_BYTES = 300 * 1024;

// ---------------------------------------------------------------------------------------------
// Main

function fileStem(spec: SampleSpec, n: number): string {
  return `${String(n).padStart(2, '0')}-${spec.slug}-${spec.script}-${spec.font}`;
}

interface RenderOptions {
  glossary: GlossaryIndex;
  /**
   * A dry run: print every glossary form found in the ground truth, in context, with its
   * verdict (expected, trap, inside a longer hit), and write nothing.
   */
  review: boolean;
}

async function renderOne(browser: Browser, spec: SampleSpec, n: number, options: RenderOptions): Promise<Sample> {
  const { glossary } = options;
  const stem = fileStem(spec, n);
  const ext = spec.format === 'jpeg' ? 'jpg' : 'png';
  const dpr = spec.deviceScaleFactor;
  const phone = dpr === 3;
  const context = await browser.newContext({
    viewport: spec.viewport,
    deviceScaleFactor: dpr,
    isMobile: phone,
    hasTouch: phone,
    locale: spec.script === 'traditional' ? 'zh-TW' : 'zh-CN',
  });
  try {
    const page = await context.newPage();
    const r = new MarkupRenderer(spec.script === 'traditional', glossary);
    await page.setContent(pageHtml(spec, r), { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    // Whole CSS pixels, so the image is exactly width*dpr by height*dpr.
    const cssHeight = (await page.evaluate(
      `(() => { const p = document.getElementById('page'); const h = Math.ceil(p.getBoundingClientRect().height); p.style.height = h + 'px'; return h; })()`,
    )) as number;
    const cssWidth = spec.viewport.width;
    const lines = (await page.evaluate(EXTRACT_JS)) as LineRec[];
    const shot = await page.screenshot({
      clip: { x: 0, y: 0, width: cssWidth, height: cssHeight },
      fullPage: true,
      type: spec.format,
      ...(spec.format === 'jpeg' ? { quality: spec.jpegQuality ?? 80 } : {}),
    });
    let image: Buffer = shot;
    if (spec.format === 'png') {
      // Chromium writes fast, loosely compressed PNGs; recompress losslessly.
      image = await sharp(shot).png({ compressionLevel: 9, effort: 10 }).toBuffer();
      if (image.length > MAX_FILE_BYTES) {
        image = await sharp(shot).png({ compressionLevel: 9, palette: true, colours: 256, dither: 0 }).toBuffer();
      }
    }
    const meta = await sharp(image).metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (width !== cssWidth * dpr || height !== cssHeight * dpr) {
      throw new Error(`${stem}: image ${width}x${height}, expected ${cssWidth * dpr}x${cssHeight * dpr}`);
    }

    const recs = assembleText(lines.map((l) => l.chars));
    const text = recs.map((x) => x.ch).join('');
    const cps = [...text];

    const marks = r.hits.map((h) => {
      const { start, end } = spanOf(recs, 'hit', h.id, dpr, width, height);
      const matched = cps.slice(start, end).join('');
      if (matched.replaceAll('\n', '') !== h.text) throw new Error(`${stem}: mark ${h.term} reads ${matched}`);
      return { term: h.term, start, end };
    });
    const traps: Trap[] = r.traps.map((t) => {
      const { start, end, boxes } = spanOf(recs, 'trap', t.id, dpr, width, height);
      const text = cps.slice(start, end).join('');
      return { term: t.entry.term, entryId: t.entry.id, text, start, end, why: t.why, bbox: unionBoxes(boxes)!, boxes };
    });
    const occurrences = findOccurrences(recs, glossary);
    const resolution = resolveOccurrences(occurrences, traps);
    const problems = checkMarkup(marks, traps, r.traps.map((t) => t.lookalike), resolution, occurrences);
    if (options.review) console.log(reviewReport(stem, cps, occurrences, resolution, traps).join('\n'));
    if (problems.length) throw new Error(`${stem}:\n  ${problems.join('\n  ')}`);

    const expected: ExpectedHit[] = resolution.expected.map((o) => {
      const boxes = groupBoxes(recs.slice(o.start, o.end), dpr, width, height);
      const nested = occurrences
        .filter((n) => n !== o && o.start <= n.start && n.end <= o.end && resolution.verdicts.get(n)?.kind === 'nested')
        .map((n) => ({ term: n.entry.term, entryId: n.entry.id, matched: n.matched, start: n.start, end: n.end }));
      return {
        term: o.entry.term,
        entryId: o.entry.id,
        matched: o.matched,
        start: o.start,
        end: o.end,
        bbox: unionBoxes(boxes)!,
        boxes,
        zone: (recs[o.start] as TextRec).c?.zone ?? '',
        ...(nested.length ? { nested } : {}),
      };
    });

    const features: string[] = [];
    if (spec.darkNav) features.push('dark-nav');
    if (spec.format === 'jpeg') features.push('jpeg');
    if (spec.lowContrast) features.push('low-contrast');
    if (expected.some((h) => h.matched.includes('\n'))) features.push('wrap');
    if (traps.some((t) => t.text.includes('\n'))) features.push('wrap-trap');
    if (r.traps.length) features.push('trap');
    if (cps.some((c) => (c.codePointAt(0) ?? 0) > 0xffff)) features.push('astral');
    if (phone) features.push('phone');
    if (dpr >= 2) features.push('hidpi');
    if (expected.some((h) => h.nested?.length)) features.push('nested-term');

    const file = `${stem}.${ext}`;
    if (!options.review) {
      await writeFile(path.join(OUT_DIR, file), image);
      await writeFile(path.join(OUT_DIR, `${stem}.txt`), text, 'utf8');
    }

    const passageSrc = spec.list ? spec.list.map((i) => i.headline).join('') : spec.body.join('') + (spec.quote ?? '');
    return {
      file,
      text: `${stem}.txt`,
      script: spec.script,
      layout: spec.layout,
      font: fontFamily(spec),
      fontKind: spec.font,
      fontSizePx: spec.fontSizePx,
      deviceScaleFactor: dpr,
      viewport: spec.viewport,
      features,
      width,
      height,
      bytes: image.length,
      passageChars: plainLength(passageSrc),
      source: spec.source,
      expected,
      traps,
    };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const review = args.includes('--review');
  const filters = args.filter((a) => !a.startsWith('--'));
  const glossary = await GlossaryIndex.load(path.join(ROOT, 'glossary'));
  await mkdir(OUT_DIR, { recursive: true });
  const numbered = SAMPLES.map((spec, i) => ({ spec, n: i + 1 }));
  const chosen = filters.length
    ? numbered.filter(({ spec, n }) => filters.some((f) => String(n).padStart(2, '0') === f || spec.slug.includes(f)))
    : numbered;

  const manifestPath = path.join(OUT_DIR, 'manifest.json');
  let previous: Sample[] = [];
  if (filters.length) {
    try {
      previous = (JSON.parse(await readFile(manifestPath, 'utf8')) as { samples: Sample[] }).samples;
    } catch {
      previous = [];
    }
  } else if (!review) {
    for (const f of await readdir(OUT_DIR)) {
      if (/^\d\d-.*\.(png|jpg|txt)$/.test(f)) await rm(path.join(OUT_DIR, f));
    }
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--font-render-hinting=none'],
  });
  const results = new Map<string, Sample>(previous.map((s) => [s.file.slice(0, 2), s]));
  let failed = 0;
  try {
    for (const { spec, n } of chosen) {
      let s: Sample;
      try {
        s = await renderOne(browser, spec, n, { glossary, review });
      } catch (err) {
        if (!review) throw err;
        // A review goes on past a sample whose markup disagrees with the glossary, to show them all.
        console.log(`!! ${(err as Error).message}`);
        failed += 1;
        continue;
      }
      results.set(s.file.slice(0, 2), s);
      const kb = (s.bytes / 1024).toFixed(0);
      console.error(`${s.file}  ${s.width}x${s.height}  ${kb} KB  hits=${s.expected.length} traps=${s.traps.length}  [${s.features.join(',')}]`);
      if (s.bytes > MAX_FILE_BYTES) console.error(`  warning: over ${MAX_FILE_BYTES / 1024} KB`);
    }
  } finally {
    await browser.close();
  }

  if (review) {
    console.error(`review of ${chosen.length} samples: ${failed} with problems; nothing written`);
    if (failed) process.exitCode = 1;
    return;
  }
  const samples = [...results.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  await writeFile(manifestPath, `${JSON.stringify({ samples }, null, 2)}\n`, 'utf8');

  const counts = new Map<string, number>();
  for (const s of samples) for (const h of s.expected) counts.set(h.term, (counts.get(h.term) ?? 0) + 1);
  const thin = REQUIRED_TERMS.filter((t) => (counts.get(t) ?? 0) < 3);
  console.error(`terms: ${[...counts.entries()].map(([t, c]) => `${t}×${c}`).join(' ')}`);
  if (thin.length) console.error(`warning: fewer than 3 hits for ${thin.join(' ')}`);
  const total = samples.reduce((a, s) => a + s.bytes, 0);
  console.error(`${samples.length} samples, ${(total / 1024 / 1024).toFixed(2)} MB`);
}

await main();
