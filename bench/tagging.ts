/**
 * Matcher throughput: a synthetic 20,000-term glossary over 10 MB of Chinese text, through the
 * real code path (script fold → match view → bigram-index find → longest-match resolution),
 * against a naive indexOf loop per form. Prints figures next to their targets and exits 0.
 *
 *   npm run bench:tagging [-- --json FILE]
 */
import { config } from '../src/config.ts';
import { writeFile } from 'node:fs/promises';
import { compileGlossary } from '../src/glossary/compiled-glossary.ts';
import { loadGlossary } from '../src/glossary/load-glossary.ts';
import { GlossaryMatcher } from '../src/matching/glossary-matcher.ts';
import { buildMatchView, type MatchView } from '../src/matching/match-view.ts';
import { resolveOverlaps } from '../src/matching/resolve-overlaps.ts';
import { analyseText } from '../src/pipeline/analyse-text.ts';
import { JiebaSegmenter } from '../src/segmentation/jieba-segmenter.ts';
import { analyseScript } from '../src/stages/script.ts';
import { parseBenchArgs } from './lib/args.ts';
import { describeMachine } from './lib/machine.ts';
import { hanFrequencies, loadPassages } from './lib/corpus.ts';
import { peakRssMiB } from './lib/memory.ts';
import { mulberry32, shuffle } from './lib/prng.ts';
import { fixed, jsonNumber } from './lib/stats.ts';
import { syntheticGlossary } from './lib/synthetic-glossary.ts';
import { syntheticText } from './lib/synthetic-text.ts';
import { renderTable } from './lib/table.ts';
import { medianOf, timed } from './lib/timing.ts';

const SEED = 20_240_517;
const GLOSSARY_SIZE = 20_000;
/** MB here is 10^6 bytes of UTF-8. */
const MB = 1_000_000;
const TEXT_BYTES = 10 * MB;
const TARGETS = { speedup: 20, matcherMBps: 20 } as const;
/** Above this the naive loop is timed on a random share of the forms and extrapolated. */
const NAIVE_BUDGET_SECONDS = 60;
const NAIVE_SLICE_SECONDS = 20;

const machine = describeMachine();
const args = parseBenchArgs(process.argv.slice(2), 'npm run bench:tagging -- [--json FILE]');
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---- inputs ---------------------------------------------------------------------------------
const random = mulberry32(SEED);
const real = await loadGlossary(config().glossaryDir);
const { passages, fromSamples, fromReports } = await loadPassages();
const frequencies = hanFrequencies([...passages, ...real.forms.map((f) => f.form)]);
const glossary = syntheticGlossary(real, random, { size: GLOSSARY_SIZE, traditionalShare: 0.3, frequencies });
const corpus = syntheticText(passages, glossary.forms, random, { bytes: TEXT_BYTES, traditionalShare: 0.25, termsPerPassage: 1, wrappedShare: 0.2 });
const text = corpus.text;
const textMB = corpus.bytes / MB;
log(`inputs ready: ${glossary.entries.length} entries, ${glossary.forms.length} forms, ${textMB.toFixed(2)} MB of text`);

/** The matcher's own path, as tagText runs it minus segmentation and the boundary check. */
function runMatcher(input: string, matcher: GlossaryMatcher) {
  const script = timed(() => analyseScript(input));
  const view = timed(() => buildMatchView(script.value));
  const found = timed(() => matcher.find(view.value));
  const resolved = timed(() => {
    const taken = new Uint8Array(view.value.length);
    return [...resolveOverlaps(found.value.exact, taken), ...resolveOverlaps(found.value.fuzzy, taken)];
  });
  return {
    seconds: script.seconds + view.seconds + found.seconds + resolved.seconds,
    steps: { script: script.seconds, view: view.seconds, find: found.seconds, resolve: resolved.seconds },
    view: view.value,
    exact: found.value.exact,
    fuzzy: found.value.fuzzy.count,
    hits: resolved.value.length,
  };
}

// ---- warm-up: JIT and caches (opencc per-character conversions) on a 1 MB slice ------------
const warmSlice = text.slice(0, Math.floor(text.length / 10));
runMatcher(warmSlice, new GlossaryMatcher(glossary));
log('warm-up done');

// ---- (a) building the matcher ---------------------------------------------------------------
const build = medianOf(3, () => new GlossaryMatcher(glossary));
const matcher = build.value;
log(`(a) build ${build.seconds.toFixed(2)} s`);

// ---- (b) the matcher over the whole text ----------------------------------------------------
// Only the last run's result is kept (agreement needs it): holding all three would inflate peak RSS.
const matcherTimes: { seconds: number; steps: ReturnType<typeof runMatcher>['steps'] }[] = [];
let matched!: ReturnType<typeof runMatcher>;
for (let run = 0; run < 3; run++) {
  matched = runMatcher(text, matcher);
  matcherTimes.push({ seconds: matched.seconds, steps: matched.steps });
}
const medianRun = [...matcherTimes].sort((x, y) => x.seconds - y.seconds)[1]!;
const view: MatchView = matched.view;
const rssAfterMatcher = peakRssMiB();
log(`(b) matcher ${medianRun.seconds.toFixed(2)} s`);

// The same path with only the real glossary: separates per-character cost from match density.
const realMatcher = new GlossaryMatcher(real);
runMatcher(warmSlice, realMatcher);
const realRun = runMatcher(text, realMatcher);
log(`(b) with the real glossary ${realRun.seconds.toFixed(2)} s`);

// ---- (b') the full analyseText: script, jieba segmentation, tag with the boundary check -----
const compiled = compileGlossary(glossary);
const segmenter = new JiebaSegmenter();
const teach = timed(() => segmenter.addWords(compiled.segmenterWords));
analyseText(warmSlice.slice(0, Math.floor(warmSlice.length / 4)), compiled, segmenter);
const full = timed(() => analyseText(text, compiled, segmenter));
const rssAfterAnalyse = peakRssMiB();
log(`(b') analyseText ${full.seconds.toFixed(2)} s`);

// ---- (c) naive: indexOf per distinct form over the same simplified, unwrapped text ----------
const folds = shuffle(random, [...new Set(glossary.forms.map((f) => f.simplified))]);
function naiveCount(haystack: string, needles: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const needle of needles) {
    let n = 0;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
    counts.set(needle, n);
  }
  return counts;
}
const probeSize = Math.min(folds.length, 300);
const probe = timed(() => naiveCount(view.chars, folds.slice(0, probeSize)));
const estimate = (probe.seconds / probeSize) * folds.length;
const sliceSize =
  estimate <= NAIVE_BUDGET_SECONDS ? folds.length : Math.min(folds.length, Math.max(probeSize, Math.round((NAIVE_SLICE_SECONDS / probe.seconds) * probeSize)));
const naive = timed(() => naiveCount(view.chars, folds.slice(0, sliceSize)));
const naiveSeconds = (naive.seconds / sliceSize) * folds.length;
const extrapolated = sliceSize < folds.length;
log(`(c) naive ${naive.seconds.toFixed(2)} s over ${sliceSize} of ${folds.length} forms`);

// ---- agreement: raw exact candidates per fold vs the naive occurrence count ----------------
const matcherCounts = new Map<string, number>();
for (let i = 0; i < matched.exact.count; i++) {
  const fold = matcher.forms[matched.exact.form[i]!]!.fold;
  matcherCounts.set(fold, (matcherCounts.get(fold) ?? 0) + 1);
}
let agreeing = 0;
let naiveOccurrences = 0;
let matcherOccurrences = 0;
const disagreements: { fold: string; naive: number; matcher: number }[] = [];
for (const [fold, count] of naive.value) {
  const m = matcherCounts.get(fold) ?? 0;
  naiveOccurrences += count;
  matcherOccurrences += m;
  if (m === count) agreeing++;
  else disagreements.push({ fold, naive: count, matcher: m });
}
const foldsFound = [...naive.value.values()].filter((n) => n > 0).length;

// ---- report ---------------------------------------------------------------------------------
const mbps = (seconds: number) => textMB / seconds;
const speedup = naiveSeconds / medianRun.seconds;
const findSpeedup = naiveSeconds / medianRun.steps.find;
const figures = {
  glossaryEntries: glossary.entries.length,
  glossaryForms: glossary.forms.length,
  distinctFolds: folds.length,
  traditionalForms: glossary.traditionalForms,
  textMB,
  textCodePoints: view.toText[view.length]!,
  exactCandidates: matched.exact.count,
  fuzzyCandidates: matched.fuzzy,
  hitsAfterResolve: matched.hits,
  buildSeconds: build.seconds,
  matcherSeconds: medianRun.seconds,
  matcherMBps: mbps(medianRun.seconds),
  scriptSeconds: medianRun.steps.script,
  viewSeconds: medianRun.steps.view,
  findSeconds: medianRun.steps.find,
  findMBps: mbps(medianRun.steps.find),
  resolveSeconds: medianRun.steps.resolve,
  realGlossaryMatcherSeconds: realRun.seconds,
  realGlossaryMatcherMBps: mbps(realRun.seconds),
  realGlossaryExactCandidates: realRun.exact.count,
  teachSegmenterSeconds: teach.seconds,
  analyseTextSeconds: full.seconds,
  analyseTextMBps: mbps(full.seconds),
  analyseTextHits: full.value.hits.length,
  naiveSeconds,
  naiveMBps: mbps(naiveSeconds),
  naiveExtrapolated: extrapolated ? 1 : 0,
  naiveFormsTimed: sliceSize,
  speedup,
  findSpeedup,
  agreementFolds: sliceSize,
  agreementAgreeing: agreeing,
  agreementShare: agreeing / sliceSize,
  naiveOccurrences,
  matcherOccurrences,
  peakRssAfterMatcherMiB: rssAfterMatcher,
  peakRssAfterAnalyseTextMiB: rssAfterAnalyse,
  peakRssMiB: peakRssMiB(),
};

const met = (ok: boolean) => (ok ? 'yes' : 'NO');
const out: string[] = [];
out.push(
  `termlens tagging benchmark (seed ${SEED}; MB = 10^6 bytes of UTF-8)`,
  `machine: ${machine}`,
  `glossary: ${glossary.entries.length} entries (${real.entries.length} real + ${glossary.synthetic} synthetic, 2–8 Han characters drawn by character frequency`,
  `  of the samples' ground truth, the field reports' Chinese and the real glossary), ${glossary.forms.length} forms incl. ${glossary.traditionalForms} opencc traditional forms for 30% of the synthetic terms, ${folds.length} distinct folds`,
  `text: ${textMB.toFixed(2)} MB, ${figures.textCodePoints.toLocaleString('en')} code points: ${corpus.passages.toLocaleString('en')} passages drawn from ${fromSamples} sample texts and ${fromReports} field-report quotes`,
  `  (25% converted to traditional), ${corpus.sprinkled.toLocaleString('en')} glossary forms sprinkled in, ${corpus.wrapped.toLocaleString('en')} of them with a line break inside`,
  `matches: ${matched.exact.count.toLocaleString('en')} raw exact/variant candidates, ${matched.fuzzy.toLocaleString('en')} fuzzy candidates, ${matched.hits.toLocaleString('en')} hits after longest-match resolution`,
  `Times after a warm-up run on a 1 MB slice; matcher build and matcher run are the median of 3 (runs: ${matcherTimes.map((r) => r.seconds.toFixed(2)).join(', ')} s).`,
  '',
);
out.push(
  renderTable(
    [{ header: 'measure' }, { header: 'seconds', alignRight: true }, { header: 'MB/s', alignRight: true }, { header: 'target' }, { header: 'met' }],
    [
      ['(a) build the matcher (20k terms)', fixed(build.seconds, 3), '', '', ''],
      ['(b) matcher: analyseScript+buildMatchView+find+resolveOverlaps', fixed(medianRun.seconds, 2), fixed(figures.matcherMBps, 1), '≥ 20 MB/s', met(figures.matcherMBps >= TARGETS.matcherMBps)],
      ['      analyseScript (fold to simplified)', fixed(medianRun.steps.script, 2), fixed(mbps(medianRun.steps.script), 1), '', ''],
      ['      buildMatchView (unwrap lines)', fixed(medianRun.steps.view, 2), fixed(mbps(medianRun.steps.view), 1), '', ''],
      ['      matcher.find (bigram index: forms + fuzzy halves)', fixed(medianRun.steps.find, 2), fixed(mbps(medianRun.steps.find), 1), '', ''],
      ['      resolveOverlaps', fixed(medianRun.steps.resolve, 2), fixed(mbps(medianRun.steps.resolve), 1), '', ''],
      [`    same path, real ${real.entries.length}-entry glossary only (${realRun.exact.count.toLocaleString('en')} candidates)`, fixed(realRun.seconds, 2), fixed(figures.realGlossaryMatcherMBps, 1), '', ''],
      ["(b') full analyseText with jieba segmentation + tagText", fixed(full.seconds, 2), fixed(figures.analyseTextMBps, 2), '', ''],
      ['      (teaching jieba the 20k terms, once)', fixed(teach.seconds, 2), '', '', ''],
      [`(c) naive indexOf per fold${extrapolated ? ` (timed on ${sliceSize} of ${folds.length} folds, extrapolated)` : ''}`, fixed(naiveSeconds, 1), fixed(figures.naiveMBps, 2), '', ''],
      ['speedup of (b) over (c)', `${fixed(speedup, 1)}×`, '', '≥ 20×', met(speedup >= TARGETS.speedup)],
      ['speedup of find alone over (c)', `${fixed(findSpeedup, 1)}×`, '', '', ''],
      ['peak RSS after (b), MiB (inputs + one matcher run)', fixed(rssAfterMatcher, 0), '', '', ''],
      ["peak RSS after (b'), MiB", fixed(rssAfterAnalyse, 0), '', '', ''],
      ['peak RSS overall, MiB', fixed(figures.peakRssMiB, 0), '', '', ''],
    ],
  ),
);
out.push(
  `Agreement (raw exact candidates from matcher.find vs naive indexOf occurrences, per fold, over the ${sliceSize} folds the naive loop ran):`,
  `  ${agreeing}/${sliceSize} folds agree (${((agreeing / sliceSize) * 100).toFixed(2)}%); occurrences naive ${naiveOccurrences.toLocaleString('en')}, matcher ${matcherOccurrences.toLocaleString('en')}; ${foldsFound} folds occur at least once`,
);
for (const d of disagreements.slice(0, 10)) out.push(`  differs: ${d.fold} naive ${d.naive} matcher ${d.matcher}`);
out.push(
  `(b') analyseText found ${full.value.hits.length.toLocaleString('en')} hits (after the word-boundary check and fuzzy filtering); (b) resolves exact candidates only, without segmentation.`,
);
if (extrapolated) out.push(`Note: the naive loop would take about ${estimate.toFixed(0)} s on all folds, so it was timed on a random ${sliceSize}-fold slice and scaled by fold count.`);
process.stdout.write(`${out.join('\n')}\n`);

if (args.json) {
  const json = {
    benchmark: 'tagging',
    date: new Date().toISOString(),
    machine,
    seed: SEED,
    targets: TARGETS,
    figures: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, jsonNumber(v)])),
    disagreements: disagreements.slice(0, 100),
  };
  await writeFile(args.json, `${JSON.stringify(json, null, 2)}\n`);
  log(`figures written to ${args.json}`);
}
