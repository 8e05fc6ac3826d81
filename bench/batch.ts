/**
 * Batch throughput with 1 and then 2 worker processes (one job per queue at a time each), on a Redis and a
 * SQLite store of its own: images per minute, the speedup, the pipeline's time outside OCR as
 * a share of all job time, and each worker's peak RSS; then once more with one process per
 * queue (OCR, analysis), as docker-compose runs them. Prints figures; asserts nothing.
 *
 *   node bin/termlens-dev.js bench/batch.ts [--images 200] [--rounds 1] [--only-one] [--json FILE]
 *
 * --only-one runs only the 1-worker configuration, `rounds` times (to compare two builds).
 *
 * With --rounds 2 or more, the 1- and 2-worker runs alternate (1, 2, then 2, 1, …) and the speedup
 * comes from their pooled throughput: a VM whose speed drifts during the bench (this one's moved
 * by a fifth within minutes) then slows both sides alike instead of skewing the ratio.
 *
 * The images are the samples repeated, each copy with one pixel changed so that none is a
 * duplicate of another (duplicates would be skipped, not processed), all as PNG. Wall time runs from the
 * `batch --wait` command's start to its end, so it includes storing the files and the CLI's
 * own start (a second or two); the workers are started and warm before it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { runTermlens, spawnWorker, type WorkerProcess } from '../tests/integration/helpers/queue-processes.ts';
import { startTestRedis } from '../tests/integration/helpers/queue-redis.ts';
import { loadManifest } from '../scripts/samples-manifest.ts';
import { config } from '../src/config.ts';
import { WORKER_ENV, WORKER_NODE_FLAGS } from '../src/util/worker-launch.js';
import { renderTable } from './lib/table.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', 'samples');

function parse(): { images: number; rounds: number; onlyOne: boolean; json?: string } {
  const { values } = parseArgs({
    options: { images: { type: 'string' }, rounds: { type: 'string' }, 'only-one': { type: 'boolean' }, json: { type: 'string' } },
  });
  const images = values.images === undefined ? 200 : Number(values.images);
  const rounds = values.rounds === undefined ? 1 : Number(values.rounds);
  if (!Number.isInteger(images) || images < 1 || !Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write('usage: bench/batch.ts [--images N] [--rounds N] [--only-one] [--json FILE]\n');
    process.exit(2);
  }
  return { images, rounds, onlyOne: values['only-one'] === true, ...(values.json ? { json: values.json } : {}) };
}

/**
 * Copy i of a sample: same picture, one pixel (chosen by i) changed, so a different sha256.
 * Written as PNG whatever the original: re-encoding a JPEG would quantise a one-pixel change
 * away and make copies identical (duplicates, skipped rather than processed).
 */
async function variant(original: Buffer, i: number): Promise<Buffer> {
  const { data, info } = await sharp(original).raw().toBuffer({ resolveWithObject: true });
  const x = i % info.width;
  const y = Math.floor(i / info.width) % info.height;
  const at = (y * info.width + x) * info.channels;
  data[at] = data[at]! ^ 1;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer();
}

async function makeImages(dir: string, count: number): Promise<void> {
  const samples = (await loadManifest()).map((s) => s.file);
  const originals = await Promise.all(samples.map((file) => readFile(path.join(SAMPLES, file))));
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const which = i % originals.length;
    const data = await variant(originals[which]!, Math.floor(i / originals.length));
    await writeFile(path.join(dir, `${String(i).padStart(4, '0')}-${path.parse(samples[which]!).name}.png`), data);
  }
}

/** Peak resident set of a live process (VmHWM), in MiB. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** CPU seconds (user + system) a live process has used: shows how many cores one worker keeps busy. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Total length of a set of time intervals, overlaps counted once. */
function unionLength(intervals: [number, number][]): number {
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (end > reach) total += end - Math.max(start, reach);
    reach = Math.max(reach, end);
  }
  return total;
}

/** A worker's log lines (pino's JSON, src/queue/log.ts) that report a finished job. */
type JobLine = { time: string; queue?: string; ocr?: string; reason?: string; ms?: number; ocrMs?: number };

function jobLines(log: string): JobLine[] {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JobLine)
    .filter((line) => (line.queue === 'ocr' && line.ocr === 'ran') || (line.queue === 'analysis' && line.reason === 'pipeline'));
}

/**
 * The time each worker spent on jobs, from its log (a job ends at its line's timestamp and
 * lasted the time it gives), and the OCR stage's share of it. A worker serving both queues runs
 * an image's analysis while its next OCR job starts, on the same thread: summing the jobs'
 * times would count those milliseconds twice, so the busy time is the union of the jobs' spans.
 */
function jobTimes(logs: readonly string[]) {
  let busy = 0;
  let ocrStage = 0;
  for (const log of logs) {
    const spans: [number, number][] = [];
    for (const line of jobLines(log)) {
      const end = Date.parse(line.time);
      spans.push([end - line.ms!, end]);
      ocrStage += line.ocrMs ?? 0;
    }
    busy += unionLength(spans);
  }
  return { busy, ocrStage, outsideOcrShare: busy > 0 ? (busy - ocrStage) / busy : Number.NaN };
}

type Run = {
  /** What the worker processes served: both queues each, or one process per queue. */
  label: string;
  workers: number;
  seconds: number;
  perMinute: number;
  outsideOcrShare: number;
  /** Peak RSS of each process that runs a worker (the child bin/termlens.js starts). */
  peakRssMiB: number[];
  /** Peak RSS of each launcher (the `node bin/termlens.js worker` that started the worker), when it is a process of its own. */
  launcherPeakRssMiB: number[];
  /** Cores each worker kept busy on average while the batch ran. */
  coresBusy: number[];
  done: number;
  failed: number;
  duplicates: number;
};

/** What each worker process serves: empty for both queues, else the queues. */
type Roles = readonly (readonly string[])[];

/** What each worker process serves, for the table: "both", or its queues. */
function rolesLabel(roles: Roles): string {
  return roles.map((queues) => queues.join('+') || 'both').join(', ');
}

/**
 * One batch through `roles.length` worker processes, each serving the queues listed (empty:
 * both). `[['ocr'], ['analysis']]` is how docker-compose deploys them.
 */
async function run(roles: Roles, imagesDir: string): Promise<Run> {
  const workerCount = roles.length;
  const redis = await startTestRedis();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-bench-'));
  const env = {
    REDIS_URL: redis.url,
    TERMLENS_DATA_DIR: dataDir,
    TERMLENS_QUEUE_PREFIX: `bench${workerCount}${roles.flat().join('')}`,
    TERMLENS_OCR_WORKERS: '1',
  };
  const workers: WorkerProcess[] = [];
  try {
    for (const queues of roles) workers.push(spawnWorker(env, { concurrency: 1, ...(queues.length ? { queues } : {}) }));
    await Promise.all(workers.map((w) => w.waitForOutput(/started:/, 120_000)));
    const pids = await Promise.all(workers.map((w) => w.workerPid()));
    const cpuBefore = await Promise.all(pids.map(cpuSeconds));
    const result = await runTermlens(['batch', imagesDir, '--wait', '--format', 'json'], env, { timeoutMs: 3_600_000 });
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as { total: number; done: number; failed: number; duplicates: number };
    const peaks = await Promise.all(pids.map(peakRssMiB));
    const launcherPeaks = await Promise.all(workers.filter((w, i) => pids[i] !== w.pid).map((w) => peakRssMiB(w.pid)));
    const cpuAfter = await Promise.all(pids.map(cpuSeconds));
    const seconds = result.ms / 1000;
    return {
      label: rolesLabel(roles),
      workers: workerCount,
      seconds,
      perMinute: (summary.done + summary.failed) / (seconds / 60),
      outsideOcrShare: jobTimes(workers.map((w) => w.output())).outsideOcrShare,
      peakRssMiB: peaks,
      launcherPeakRssMiB: launcherPeaks,
      coresBusy: cpuAfter.map((after, i) => (after - cpuBefore[i]!) / seconds),
      done: summary.done,
      failed: summary.failed,
      duplicates: summary.duplicates,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    await redis.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const args = parse();
const scratch = await mkdtemp(path.join(os.tmpdir(), 'termlens-bench-images-'));
try {
  const imagesDir = path.join(scratch, 'images');
  process.stderr.write(`making ${args.images} images…\n`);
  await makeImages(imagesDir, args.images);
  const one: Roles = [[]];
  const two: Roles = [[], []];
  const order: Roles[] = [];
  if (args.onlyOne) for (let round = 0; round < args.rounds; round++) order.push(one);
  else {
    for (let round = 0; round < args.rounds; round++) order.push(...(round % 2 === 0 ? [one, two] : [two, one]));
    order.push([['ocr'], ['analysis']]);
  }
  const runs: Run[] = [];
  for (const roles of order) {
    process.stderr.write(`running with ${roles.length} worker process${roles.length === 1 ? '' : 'es'} (${rolesLabel(roles)})…\n`);
    runs.push(await run(roles, imagesDir));
  }
  // Pooled: all images of a configuration over all its seconds.
  const throughput = (label: string) => {
    const of = runs.filter((r) => r.label === label);
    return of.reduce((sum, r) => sum + r.done + r.failed, 0) / (of.reduce((sum, r) => sum + r.seconds, 0) / 60);
  };
  const speedup = args.onlyOne ? Number.NaN : throughput(rolesLabel(two)) / throughput(rolesLabel(one));
  process.stdout.write(
    `${renderTable(
      [
        { header: 'workers' },
        { header: 'queues served' },
        { header: 'images' },
        { header: 'seconds', alignRight: true },
        { header: 'images/min', alignRight: true },
        { header: 'outside OCR', alignRight: true },
        { header: 'peak RSS per worker (MiB)' },
        { header: 'launcher (MiB)' },
        { header: 'cores busy per worker' },
      ],
      runs.map((r) => [
        String(r.workers),
        r.label,
        `${r.done} done, ${r.failed} failed, ${r.duplicates} dup`,
        r.seconds.toFixed(1),
        r.perMinute.toFixed(1),
        `${(r.outsideOcrShare * 100).toFixed(1)}%`,
        r.peakRssMiB.map((m) => m.toFixed(0)).join(', '),
        r.launcherPeakRssMiB.map((m) => m.toFixed(0)).join(', ') || '–',
        r.coresBusy.map((c) => c.toFixed(2)).join(', '),
      ]),
    )}\n` +
      `OCR engine: ${config().ocrEngine} (TERMLENS_OCR_ENGINE)\n` +
      // The launch line decides much of a worker's resident memory (src/util/worker-launch.js).
      `worker launch line: node ${WORKER_NODE_FLAGS.join(' ')} with ${Object.entries(WORKER_ENV)
        .map(([name, value]) => `${name}=${process.env[name] ?? value}`)
        .join(' ')}${process.env.GLIBC_TUNABLES ? ` GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES}` : ''}\n` +
      (args.onlyOne
        ? ''
        : `speedup with 2 workers: ${speedup.toFixed(2)}×${args.rounds > 1 ? ` (pooled over ${args.rounds} rounds)` : ''} (target ≥ 1.8× on 2 cores; this machine has ${os.availableParallelism()})\n`) +
      `targets: time outside OCR ≤ 5%, peak RSS ≤ 700 MB per worker\n` +
      `load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes skew the speedup)\n`,
  );
  if (args.json) await writeFile(args.json, `${JSON.stringify({ images: args.images, rounds: args.rounds, runs, speedup }, null, 2)}\n`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}
