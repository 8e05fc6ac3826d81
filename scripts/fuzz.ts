/**
 * The fuzzing run the test suite is too short for: the properties of tests/fuzz (every reader of
 * outside input, and every API route) with random seeds and a large budget of runs, split over
 * the targets by how cheap a run of each is. Prints runs, time and findings per target; a finding
 * prints its shrunk counterexample, to be turned into a regression test and fixed.
 *
 *   npm run fuzz -- --runs 300000            # the figure in docs/fuzzing.md
 *   npm run fuzz -- --runs 20000 --only zip  # one target
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { apiRoutes } from '../tests/fuzz/api-target.ts';
import { INPUT_TARGETS, type FuzzTarget } from '../tests/fuzz/input-targets.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300000' },
    only: { type: 'string' },
    seed: { type: 'string' },
    /** Runs per fast-check call; a finding ends its chunk, the next chunk goes on with another seed. */
    chunk: { type: 'string', default: '5000' },
    'timeout-ms': { type: 'string', default: '10000' },
  },
});

const targets: FuzzTarget[] = [...INPUT_TARGETS, apiRoutes].filter((t) => !values.only || t.name.toLowerCase().includes(values.only.toLowerCase()));
if (targets.length === 0) {
  console.error(`no target matches ${values.only}`);
  process.exit(2);
}
const total = Number(values.runs);
const chunk = Number(values.chunk);
const timeout = Number(values['timeout-ms']);
const weights = targets.reduce((sum, t) => sum + t.weight, 0);
let seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;

// A crash outside the awaited property (a stream's late error, a rejected promise nobody awaits)
// is a finding too, and must not end the run.
const stray: string[] = [];
process.on('uncaughtException', (error) => stray.push(`uncaught: ${error.stack ?? String(error)}`));
process.on('unhandledRejection', (error) => stray.push(`unhandled rejection: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));

type Row = { target: string; runs: number; seconds: number; findings: string[] };
const rows: Row[] = [];
const started = performance.now();

for (const target of targets) {
  const budget = Math.max(1, Math.round((total * target.weight) / weights));
  const opened = await target.open();
  const row: Row = { target: target.name, runs: 0, seconds: 0, findings: [] };
  const began = performance.now();
  try {
    while (row.runs < budget) {
      const numRuns = Math.min(chunk, budget - row.runs);
      const straysBefore = stray.length;
      const details = await fc.check(opened.property, { numRuns, seed, timeout, markInterruptAsFailure: true });
      row.runs += details.numRuns;
      if (details.failed) {
        const counterexample = fc.stringify(details.counterexample).slice(0, 2000);
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        row.findings.push(`seed ${details.seed}, path ${details.counterexamplePath}: ${cause.slice(0, 1000)}\n    counterexample: ${counterexample}`);
      }
      row.findings.push(...stray.slice(straysBefore));
      seed = (seed * 48271 + 1) % 2 ** 31;
      process.stderr.write(`\r${target.name}: ${row.runs}/${budget} runs, ${row.findings.length} findings`);
    }
  } finally {
    await opened.dispose();
  }
  row.seconds = (performance.now() - began) / 1000;
  process.stderr.write('\n');
  rows.push(row);
}

const seconds = (performance.now() - started) / 1000;
console.log('\n| target | runs | seconds | runs/s | findings |\n|---|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${row.target} | ${row.runs} | ${row.seconds.toFixed(0)} | ${(row.runs / row.seconds).toFixed(0)} | ${row.findings.length} |`);
}
const runs = rows.reduce((n, r) => n + r.runs, 0);
const findings = rows.flatMap((r) => r.findings.map((f) => `${r.target}: ${f}`));
console.log(`| all | ${runs} | ${seconds.toFixed(0)} | ${(runs / seconds).toFixed(0)} | ${findings.length} |`);
for (const finding of findings) console.log(`\n- ${finding}`);
process.exitCode = findings.length > 0 ? 1 : 0;
// Worker threads of sharp and open handles of the API app may linger.
setTimeout(() => process.exit(), 1_000).unref();
