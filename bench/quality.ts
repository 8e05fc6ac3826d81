/**
 * OCR and tagging quality over samples/: the full pipeline (ingest → OCR → script → segment →
 * tag → locate) on every screenshot in samples/manifest.json, scored against the ground truth.
 * Each OCR engine is measured in turn (tesseract.js, PaddleOCR, and auto, which routes pages
 * between them), then the engines are compared. It reports figures next to their targets and
 * exits 0 either way: it measures, it does not gate.
 *
 *   npm run bench:quality [-- --engine tesseract|paddle|auto] [--set tuning|holdout|both] [--seed N] [--json FILE]
 *
 * `--set tuning` (the default) is samples/, the pages the engines were tuned on; `--set holdout`
 * is the second evaluation set (bench/holdout/), built from a seed on first use into the cache
 * folder; `--set both` measures each engine on both and prints them side by side.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runInOrder } from '../src/cli/run-in-order.ts';
import { config } from '../src/config.ts';
import type { DocumentResult } from '../src/domain/document-result.ts';
import type { Box } from '../src/domain/geometry.ts';
import { EngineChoiceSchema, type EngineChoice } from '../src/domain/ocr.ts';
import { createOcrEngine } from '../src/engines/create-engine.ts';
import { errorSummary } from '../src/errors.ts';
import { foldToSimplified } from '../src/glossary/glossary-forms.ts';
import { annotateImage } from '../src/pipeline/annotate-image.ts';
import { createTextContext } from '../src/pipeline/text-context.ts';
import { describeMachine } from './lib/machine.ts';
import { loadManifest, readTruth, SAMPLES_DIR, type Sample } from '../scripts/samples-manifest.ts';
import { REQUIRED_TERMS } from '../scripts/sample-passages.ts';
import { ensureHoldoutSet, type HoldoutSample } from './holdout/holdout-set.ts';
import { DEFAULT_HOLDOUT_SEED } from './holdout/pages.ts';
import { scorePossible, scoreSample, type PossibleScore, type SampleScore } from './lib/score-sample.ts';
import { manifestVocabulary } from './lib/vocabulary.ts';
import { fixed, jsonNumber, mean, median, percent, ratio, sum } from './lib/stats.ts';
import { renderTable } from './lib/table.ts';

type Point = { x: number; y: number };
const centre = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
const containsPoint = (b: Box, p: Point) => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;

const TARGETS = { meanCer: 0.03, recall: 0.97, precision: 0.98, bboxShare: 1 } as const;

type Outcome = { sample: Sample; seconds: number } & ({ result: DocumentResult } | { error: { code: string; message: string } });

/** Issue #20's targets for auto, on both sets; its time must be no worse than before (compared by hand: the machine is shared). */
const AUTO_TARGETS = { meanCer: 0.008, meanCerSimplified: 0.005, meanCerTraditional: 0.012, coreRecall: 0.985, precision: 0.98 } as const;

const USAGE = 'npm run bench:quality -- [--engine tesseract|paddle|auto] [--set tuning|holdout|both] [--seed N] [--json FILE]';
type SetChoice = 'tuning' | 'holdout';
function parseQualityArgs(argv: readonly string[]): { engines: EngineChoice[]; sets: SetChoice[]; seed: number; json?: string } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { json: { type: 'string' }, engine: { type: 'string' }, set: { type: 'string' }, seed: { type: 'string' } },
      allowPositionals: false,
    });
    const engines = values.engine === undefined ? [...EngineChoiceSchema.options] : values.engine.split(',').map((e) => EngineChoiceSchema.parse(e));
    const set = values.set ?? 'tuning';
    if (!['tuning', 'holdout', 'both'].includes(set)) throw new Error(`--set must be tuning, holdout or both, not ${set}`);
    const sets: SetChoice[] = set === 'both' ? ['tuning', 'holdout'] : [set as SetChoice];
    const seed = values.seed === undefined ? DEFAULT_HOLDOUT_SEED : Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);
    return { engines, sets, seed, ...(values.json === undefined ? {} : { json: values.json }) };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message.split('\n')[0] : String(error)}\nusage: ${USAGE}\n`);
    process.exit(2);
  }
}

const machine = describeMachine();
const args = parseQualityArgs(process.argv.slice(2));
const ctx = await createTextContext();
const workers = config().ocrWorkers;

type EvaluationSet = { name: SetChoice; dir: string; samples: (Sample & Partial<Pick<HoldoutSample, 'style' | 'reference'>>)[] };
const evaluationSets: EvaluationSet[] = [];
for (const name of args.sets) {
  if (name === 'tuning') evaluationSets.push({ name, dir: SAMPLES_DIR, samples: await loadManifest() });
  else evaluationSets.push({ name, ...(await ensureHoldoutSet({ cacheDir: config().cacheDir, seed: args.seed })) });
}
const CORE_TERMS: ReadonlySet<string> = new Set(REQUIRED_TERMS);

type Measured = { choice: EngineChoice; set: SetChoice; engineName: string; figures: Record<string, number>; out: string[]; json: unknown };

async function measure(choice: EngineChoice, set: EvaluationSet): Promise<Measured> {
  const { samples, dir } = set;
  const vocabulary = manifestVocabulary(samples, ctx.glossary);
  const engine = await createOcrEngine(choice, { tesseract: { workers, glossaryForms: ctx.glossary.surfaceForms }, paddle: { glossaryForms: ctx.glossary.surfaceForms } });

  // Same shape as `termlens annotate`: one warm engine pool, files in flight up to the pool size.
  const outcomes: Outcome[] = [];
  const started = performance.now();
  let firstResultAt = Number.NaN;
  try {
    await runInOrder(
      samples,
      workers,
      async (sample): Promise<Outcome> => {
        const t0 = performance.now();
        try {
          const result = await annotateImage(path.join(dir, sample.file), { ...ctx, engine });
          return { sample, seconds: (performance.now() - t0) / 1000, result };
        } catch (error) {
          return { sample, seconds: (performance.now() - t0) / 1000, error: errorSummary(error) };
        }
      },
      (outcome, index) => {
        if (Number.isNaN(firstResultAt)) firstResultAt = (performance.now() - started) / 1000;
        outcomes[index] = outcome;
        const status = 'error' in outcome ? `FAILED ${outcome.error.code}` : `${outcome.seconds.toFixed(2)} s`;
        process.stderr.write(`[${index + 1}/${samples.length}] ${outcome.sample.file}  ${status}\n`);
      },
    );
  } finally {
    await engine.terminate();
  }
  const wallSeconds = (performance.now() - started) / 1000;

  // A file that fails counts as unread: every character an error, every expected term missed.
  const scores: SampleScore[] = [];
  const possibleScores: PossibleScore[] = [];
  const failures: { file: string; code: string; message: string }[] = [];
  for (const outcome of outcomes) {
    const truth = await readTruth(outcome.sample, dir);
    if ('error' in outcome) {
      failures.push({ file: outcome.sample.file, ...outcome.error });
      scores.push(scoreSample(outcome.sample, truth, '', [], [], vocabulary));
    } else {
      // `possible` hits are no claims: they count neither for recall nor against precision.
      const regular = outcome.result.hits.filter((h) => h.kind !== 'possible');
      const score = scoreSample(outcome.sample, truth, outcome.result.text, regular, outcome.result.tokens, vocabulary);
      scores.push(score);
      possibleScores.push(scorePossible(truth, outcome.result.text, outcome.result.hits.filter((h) => h.kind === 'possible'), score.missed));
    }
  }

  const cerOf = (script?: Sample['script']) => scores.filter((s) => !script || s.script === script).map((s) => s.cer);
  const expectedTotal = sum(scores.map((s) => s.expected));
  const pairedTotal = sum(scores.map((s) => s.paired.length));
  const spuriousTotal = sum(scores.map((s) => s.spurious.length));
  const hitsTotal = sum(scores.map((s) => s.hits));
  const scoredTotal = sum(scores.map((s) => s.scoredHits));
  const supersededTotal = sum(scores.map((s) => s.superseded.length));
  const outside = scores.flatMap((s) => s.outOfVocabulary.map((o) => ({ ...o, file: s.file })));
  const nestedTotal = sum(scores.map((s) => s.nestedHits));
  const withBbox = sum(scores.map((s) => s.hitsWithBbox));
  const ious = scores.flatMap((s) => s.paired.map((p) => p.iou)).filter((v): v is number => v !== null);
  // IoU punishes the difference between OCR's ink boxes and the manifest's em boxes (taller); whether
  // the box lands on the term at all is the centre test.
  const centreInside = scores.flatMap((s) => s.paired).filter((p) => p.bbox && containsPoint(p.expectedBbox, centre(p.bbox))).length;
  const pairedWithBox = scores.flatMap((s) => s.paired).filter((p) => p.bbox).length;
  // A hit on a longer glossary form than the manifest marked (天网行动 for 天网) covers more text, so its
  // box must differ; box accuracy proper is measured on pairs that cover the same text.
  const sameText = (p: { matched: string; expected: string }) => foldToSimplified(p.matched.replace(/\s+/gu, '')) === foldToSimplified(p.expected.replace(/\s+/gu, ''));
  const sameTextPairs = scores.flatMap((s) => s.paired).filter((p) => p.bbox && sameText(p));
  const sameTextIous = sameTextPairs.map((p) => p.iou ?? 0);
  const offsets = sameTextPairs.map((p) => ({ dx: centre(p.bbox!).x - centre(p.expectedBbox).x, dy: centre(p.bbox!).y - centre(p.expectedBbox).y }));

  // Core terms (the glossary's required terms, samples/README.md): the misses a translator cannot see.
  const coreExpected = sum(scores.map((s) => s.coreExpected));
  const coreFound = sum(scores.map((s) => s.paired.filter((p) => CORE_TERMS.has(p.expectedTerm)).length));
  // A styled holdout page against its black-on-white twin (issue #20: within 1.5× of its CER).
  const cerByFile = new Map(scores.map((s) => [s.file, s.cer]));
  const styleRatios = new Map<string, { styled: number[]; reference: number[] }>();
  for (const sample of samples) {
    if (!sample.reference || !sample.style) continue;
    const entry = styleRatios.get(sample.style) ?? { styled: [], reference: [] };
    entry.styled.push(cerByFile.get(sample.file) ?? Number.NaN);
    entry.reference.push(cerByFile.get(sample.reference) ?? Number.NaN);
    styleRatios.set(sample.style, entry);
  }
  const baseFigures = {
    images: samples.length,
    failed: failures.length,
    ocrWorkers: workers,
    meanCer: mean(cerOf()),
    meanCerSimplified: mean(cerOf('simplified')),
    meanCerTraditional: mean(cerOf('traditional')),
    medianCer: median(cerOf()),
    pooledCer: ratio(sum(scores.map((s) => s.edits)), sum(scores.map((s) => s.truthChars))),
    recall: ratio(pairedTotal, expectedTotal),
    recallBesidesSuperseded: ratio(pairedTotal, expectedTotal - supersededTotal),
    coreRecall: ratio(coreFound, coreExpected),
    possibleHits: sum(possibleScores.map((p) => p.count)),
    possiblePrecision: ratio(sum(possibleScores.map((p) => p.correct)), sum(possibleScores.map((p) => p.count))),
    missesShownAsPossible: sum(possibleScores.map((p) => p.missesShown)),
    coreExpected,
    coreFound,
    precision: ratio(pairedTotal, scoredTotal),
    expected: expectedTotal,
    found: pairedTotal,
    spurious: spuriousTotal,
    nestedHits: nestedTotal,
    superseded: supersededTotal,
    hits: hitsTotal,
    scoredHits: scoredTotal,
    outOfVocabularyHits: outside.length,
    outOfVocabularyHitsNotInTruth: outside.filter((o) => !o.truthHolds).length,
    bboxShare: ratio(withBbox, hitsTotal),
    meanIou: mean(ious),
    iouBelowHalf: ious.filter((v) => v < 0.5).length,
    centreInsideShare: ratio(centreInside, pairedWithBox),
    sameTextPairs: sameTextPairs.length,
    meanIouSameText: mean(sameTextIous),
    meanCentreDx: mean(offsets.map((o) => o.dx)),
    meanCentreDy: mean(offsets.map((o) => o.dy)),
    centreRightOfExpected: offsets.filter((o) => o.dx > 0).length,
    wallSeconds,
    secondsPerImage: wallSeconds / samples.length,
    meanLatencySeconds: mean(outcomes.map((o) => o.seconds)),
    firstResultSeconds: firstResultAt,
  };
  const figures: typeof baseFigures & Record<string, number> = { ...baseFigures };
  for (const [style, { styled, reference }] of styleRatios) {
    figures[`cer:${style}`] = mean(styled);
    figures[`cer:${style}:reference`] = mean(reference);
  }

  const met = (ok: boolean) => (ok ? 'yes' : 'NO');
  const n = (script?: Sample['script']) => cerOf(script).length;
  const out: string[] = [];
  out.push(
    `termlens quality benchmark (--engine ${choice}, --set ${set.name}${set.name === 'holdout' ? ` --seed ${args.seed}` : ''}): ${samples.length} samples, ${engine.name} (${engine.languages.join('+')}), ${workers} OCR worker(s), glossary ${ctx.glossary.version.slice(0, 12)}`,
    `machine: ${machine}`,
    'CER = edit distance / ground-truth length, in code points, after removing ALL whitespace from both OCR text and ground truth',
    '(line breaks and spaces are layout, not content). Recall and precision are pooled over all samples; a hit counts when its',
    'entry equals the expected term\'s and its span, carried to ground-truth offsets by the edit-distance alignment, overlaps it.',
    `Precision counts only hits on the manifest's ${vocabulary.terms.length}-term vocabulary (${vocabulary.entries.size} glossary entries); hits on the other`,
    `${ctx.glossary.entries.size - vocabulary.entries.size} glossary entries are not annotated in the manifest and are reported apart.`,
    ...(vocabulary.unknown.length ? [`Manifest terms the glossary does not know (never found): ${vocabulary.unknown.join(' ')}`] : []),
    '',
  );
  out.push(
    renderTable(
      [{ header: 'figure' }, { header: 'value', alignRight: true }, { header: 'target' }, { header: 'met' }],
      [
        [`mean CER, all (${n()})`, percent(figures.meanCer, 2), '≤ 3%', met(figures.meanCer <= TARGETS.meanCer)],
        [`mean CER, simplified (${n('simplified')})`, percent(figures.meanCerSimplified, 2), '≤ 3%', met(figures.meanCerSimplified <= TARGETS.meanCer)],
        [`mean CER, traditional (${n('traditional')})`, percent(figures.meanCerTraditional, 2), '≤ 3%', met(figures.meanCerTraditional <= TARGETS.meanCer)],
        ['median CER', percent(figures.medianCer, 2), '', ''],
        ['pooled CER (all edits / all chars)', percent(figures.pooledCer, 2), '', ''],
        [`term recall (${pairedTotal}/${expectedTotal})`, fixed(figures.recall), '≥ 0.97', met(figures.recall >= TARGETS.recall)],
        [`  recall, superseded ones aside (${pairedTotal}/${expectedTotal - supersededTotal})`, fixed(figures.recallBesidesSuperseded), '', ''],
        [`possible hits (truth holds the term there; misses they show)`, `${figures.possibleHits} (${fixed(figures.possiblePrecision, 2)}; ${figures.missesShownAsPossible})`, '', ''],
        [`core-term recall (${coreFound}/${coreExpected})`, fixed(figures.coreRecall), '≥ 0.985', met(figures.coreRecall >= 0.985)],
        ...[...styleRatios.keys()].map((style) => {
          const styledCer = figures[`cer:${style}`]!;
          const referenceCer = figures[`cer:${style}:reference`]!;
          const ratioText = referenceCer > 0 ? `${fixed(styledCer / referenceCer, 2)}×` : styledCer === 0 ? '1.00×' : '∞';
          return [`  CER ${style} / same pages black on white`, `${percent(styledCer, 2)} / ${percent(referenceCer, 2)} = ${ratioText}`, '≤ 1.5×', met(styledCer <= Math.max(1.5 * referenceCer, 0.005))];
        }),
        [`term precision (${pairedTotal}/${scoredTotal})`, fixed(figures.precision), '≥ 0.98', met(figures.precision >= TARGETS.precision)],
        [`hits with a bbox (${withBbox}/${hitsTotal})`, percent(figures.bboxShare), '100%', met(figures.bboxShare >= TARGETS.bboxShare)],
        [`mean IoU hit vs expected bbox (${ious.length} paired)`, fixed(figures.meanIou), '', ''],
        ['paired hits with IoU < 0.5', String(figures.iouBelowHalf), '', ''],
        [`hit bbox centre inside expected bbox (${centreInside}/${pairedWithBox})`, percent(figures.centreInsideShare), '', ''],
        [`mean IoU, pairs covering the same text (${sameTextPairs.length})`, fixed(figures.meanIouSameText), '', ''],
        ['  mean centre offset hit − expected, px (dx, dy)', `${fixed(figures.meanCentreDx, 1)}, ${fixed(figures.meanCentreDy, 1)}`, '', ''],
        ['  same-text pairs whose centre is right of expected', `${figures.centreRightOfExpected}/${sameTextPairs.length}`, '', ''],
        ['nested-term hits (not counted)', String(nestedTotal), '', ''],
        ['expected hits inside a longer glossary hit', String(supersededTotal), '', ''],
        [`hits outside the vocabulary (truth lacks form)`, `${outside.length} (${figures.outOfVocabularyHitsNotInTruth})`, '', ''],
        ['seconds per image (wall / images)', fixed(figures.secondsPerImage, 2), '', ''],
        ['mean per-image latency, s', fixed(figures.meanLatencySeconds, 2), '', ''],
        ['wall clock, s (incl. OCR worker start)', fixed(wallSeconds, 1), '', ''],
        ['first result after, s', fixed(firstResultAt, 1), '', ''],
        ['files failed', String(failures.length), '0', met(failures.length === 0)],
      ],
    ),
  );

  out.push('Per sample (missed: term{what OCR read there}; spurious: term«matched»[cause])');
  out.push(
    renderTable(
      [
        { header: 'file' },
        { header: 'script' },
        { header: 'CER', alignRight: true },
        { header: 'recall', alignRight: true },
        { header: 'prec.', alignRight: true },
        { header: 'missed' },
        { header: 'spurious' },
      ],
      scores.map((s) => [
        s.file.replace(/\.(png|jpg)$/u, ''),
        s.script === 'simplified' ? 'simp' : 'trad',
        percent(s.cer, 1),
        `${s.paired.length}/${s.expected}`,
        fixed(ratio(s.paired.length, s.paired.length + s.spurious.length), 2),
        s.missed.map((m) => `${m.term}{${m.ocrRead}}`).join(' '),
        s.spurious.map((f) => `${f.term}«${f.matched}»[${f.cause}]`).join(' '),
      ]),
    ),
  );

  const missed = scores.flatMap((s) => s.missed.map((m) => ({ ...m, file: s.file })));
  const spurious = scores.flatMap((s) => s.spurious.map((f) => ({ ...f, file: s.file })));
  const groupCount = <T>(items: readonly T[], key: (item: T) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  };
  out.push(`Misses by cause (${missed.length}): ${groupCount(missed, (m) => m.cause).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  out.push(`  by term: ${groupCount(missed, (m) => m.term).map(([k, v]) => `${k}×${v}`).join(' ') || 'none'}`);
  for (const m of missed.filter((m) => m.cause === 'tagger')) {
    const won = m.overlappedBy.length ? `; hits there: ${m.overlappedBy.join(', ')}` : '';
    out.push(`  tagger miss: ${m.file.slice(0, 2)} ${m.term} «${m.matched}» OCR read it right; segments ${m.tokens.join('|')}${won}`);
  }
  for (const m of missed.filter((m) => m.cause === 'ocr')) out.push(`  OCR miss: ${m.file.slice(0, 2)} ${m.term} «${m.matched}» read as «${m.ocrRead}»`);
  for (const s of scores) for (const x of s.superseded) out.push(`  superseded (not counted as missed in the second recall): ${s.file.slice(0, 2)} ${x.term} inside ${x.by}`);
  out.push(`False positives by cause (${spurious.length}): ${groupCount(spurious, (f) => f.cause).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  for (const f of spurious) {
    out.push(`  ${f.file.slice(0, 2)} ${f.term} ${f.kind} «${f.matched}» truth «${f.truthText}» [${f.cause}]${f.why ? ` ${f.why}` : ''}`);
  }
  const wrongOutside = outside.filter((o) => !o.truthHolds);
  out.push(
    `Hits on glossary entries outside the manifest vocabulary: ${outside.length}, by term: ${groupCount(outside, (o) => o.term).map(([k, v]) => `${k}×${v}`).join(' ')}`,
  );
  out.push(`  of which the truth does not hold the form at that place (${wrongOutside.length}):`);
  for (const o of wrongOutside) out.push(`  ${o.file.slice(0, 2)} ${o.term} ${o.kind} form ${o.form} «${o.matched}» truth «${o.truthText}»`);
  const badBoxes = scores.flatMap((s) => s.paired.filter((p) => p.iou !== null && p.iou < 0.5).map((p) => ({ ...p, file: s.file })));
  if (badBoxes.length > 0) {
    out.push(`Paired hits with IoU < 0.5 (${badBoxes.length}):`);
    for (const b of badBoxes) {
      const box = (x?: { x: number; y: number; w: number; h: number }) => (x ? `${x.x},${x.y},${x.w},${x.h}` : '-');
      const shift = b.bbox ? `centre off by ${Math.round(centre(b.bbox).x - centre(b.expectedBbox).x)},${Math.round(centre(b.bbox).y - centre(b.expectedBbox).y)} px` : '';
      const why = sameText(b) ? '' : ' [hit covers a longer form than the manifest marked]';
      out.push(`  ${b.file.slice(0, 2)} ${b.term} «${b.matched}» IoU ${fixed(b.iou ?? Number.NaN, 2)} hit ${box(b.bbox)} expected ${box(b.expectedBbox)} «${b.expected}» ${shift}${why}`);
    }
  }
  for (const f of failures) out.push(`FAILED ${f.file}: ${f.code} ${f.message}`);
  const json = {
    benchmark: 'quality',
    date: new Date().toISOString(),
    machine,
    engine: { name: engine.name, languages: engine.languages, workers },
    glossaryVersion: ctx.glossary.version,
    cerNormalisation: 'all whitespace removed from OCR text and ground truth; edit distance over code points / ground-truth length',
    targets: TARGETS,
    figures: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, jsonNumber(v)])),
    failures,
    samples: scores.map((s, i) => ({ ...s, cer: jsonNumber(s.cer), seconds: outcomes[i]!.seconds })),
  };
  return { choice, set: set.name, engineName: engine.name, figures, out, json };
}

const measured: Measured[] = [];
for (const choice of args.engines) {
  for (const set of evaluationSets) {
    process.stderr.write(`measuring --engine ${choice} on the ${set.name} set\n`);
    const m = await measure(choice, set);
    measured.push(m);
    process.stdout.write(`${m.out.join('\n')}\n\n`);
  }
}

// Every engine on every set side by side, with issue #20's targets for auto (on both sets).
const autoRuns = measured.filter((m) => m.choice === 'auto');
const yesNo = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'yes' : 'NO');
const row = (label: string, key: string, show: (v: number) => string, target: string, ok?: (v: number) => boolean) => [
  label,
  ...measured.map((m) => show(m.figures[key]!)),
  target,
  ok && autoRuns.length ? yesNo(autoRuns.every((m) => ok(m.figures[key]!))) : '',
];
process.stdout.write(
  `${renderTable(
    [{ header: 'engines compared' }, ...measured.map((m) => ({ header: `${m.choice} / ${m.set}`, alignRight: true })), { header: 'auto target' }, { header: 'met' }],
    [
      row('mean CER, all', 'meanCer', (v) => percent(v, 2), '≤ 0.8%', (v) => v <= AUTO_TARGETS.meanCer),
      row('mean CER, simplified', 'meanCerSimplified', (v) => percent(v, 2), '≤ 0.5%', (v) => v <= AUTO_TARGETS.meanCerSimplified),
      row('mean CER, traditional', 'meanCerTraditional', (v) => percent(v, 2), '≤ 1.2%', (v) => v <= AUTO_TARGETS.meanCerTraditional),
      row('term recall', 'recall', (v) => fixed(v), '', undefined),
      row('core-term recall', 'coreRecall', (v) => fixed(v), '≥ 0.985', (v) => v >= AUTO_TARGETS.coreRecall),
      row('term precision', 'precision', (v) => fixed(v), '≥ 0.98', (v) => v >= AUTO_TARGETS.precision),
      row('hits with a bbox', 'bboxShare', (v) => percent(v), '100%', (v) => v >= 1),
      row('mean IoU hit vs expected bbox', 'meanIou', (v) => fixed(v), ''),
      row('seconds per image', 'secondsPerImage', (v) => fixed(v, 2), 'no worse than before', undefined),
      row('files failed', 'failed', (v) => String(v), '0', (v) => v === 0),
    ],
  )}\n`,
);

if (args.json) {
  const json = { benchmark: 'quality', date: new Date().toISOString(), machine, autoTargets: AUTO_TARGETS, runs: measured.map((m) => ({ set: m.set, ...(m.json as object) })) };
  await writeFile(args.json, `${JSON.stringify(json, null, 2)}\n`);
  process.stderr.write(`figures written to ${args.json}\n`);
}
