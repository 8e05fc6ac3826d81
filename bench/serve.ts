/**
 * The review service under load (issue #21, point 8): `termlens serve` as its own process on a
 * store seeded with 100,000 hits, 100 reviewers reading hit pages and deciding, and 10 uploaders
 * sending zips of screenshots, on SQLite and then on PostgreSQL. Prints latency per route
 * (p50/p95/p99), errors, throughput and the server's RSS; asserts nothing.
 *
 *   node bin/termlens-dev.js bench/serve.ts [--hits 100000] [--seconds 60] [--reviewers 100]
 *     [--uploaders 10] [--rate 1] [--store sqlite,postgres] [--json FILE]
 *
 * A reviewer does what the review page does for each hit: loads a page of 50 pending hits
 * (`GET /api/hits?status=pending&limit=50&around=…`, the page's request, counts included), opens
 * the first hit (`GET /api/hits/ID`) and decides on it (`POST /api/hits/ID/decisions` with
 * If-Match), then loads the page starting at the next hit. Each reviewer starts at a document of
 * its own, spread over the queue, so reviewers do not race for the same hit (a race is a 412,
 * which would count as an error). `--rate R` paces every reviewer and uploader at R requests a
 * second (the default 1: a decision every 3 s, a busy translator); `--rate 0` sends as fast as
 * answers come (saturation: throughput, not latency). Reviewers and uploaders start spread over
 * the first second, so their requests do not arrive in lockstep.
 *
 * Uploads go to a Redis queue of the bench's own; no worker runs (`serve --no-workers`), so the
 * server's work is receiving, storing and queueing the files, not OCR. The store is seeded
 * through the store's own API (putDocument, saveAnalysis), not through OCR; see lib/seed-hits.ts.
 * PostgreSQL: TERMLENS_BENCH_DATABASE_URL, default the tests' database, in a schema of the
 * bench's own that is dropped afterwards.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createTextContext } from '../src/pipeline/text-context.ts';
import { openStore } from '../src/store/open-store.ts';
import { runTermlens } from '../tests/integration/helpers/queue-processes.ts';
import { startTestRedis } from '../tests/integration/helpers/queue-redis.ts';
import { describeMachine } from './lib/machine.ts';
import { RouteLatency, type RouteFigures } from './lib/route-latency.ts';
import { prepareStorePlace } from './lib/store-place.ts';
import { seedHits, type SeedResult } from './lib/seed-hits.ts';
import { cpuSeconds, rssMiB, startServeProcess } from './lib/serve-process.ts';
import { renderTable } from './lib/table.ts';
import { samplePngs, zipUpload } from './lib/upload-zips.ts';

const USAGE =
  'bench/serve.ts [--hits N] [--seconds S] [--reviewers N] [--uploaders N] [--rate R] [--store sqlite,postgres] [--json FILE]';
const HIT_PAGE = 'GET /api/hits (page of 50, pending)';
const HIT = 'GET /api/hits/:id';
const DECISION = 'POST /api/hits/:id/decisions';
const UPLOAD = 'POST /api/uploads (zip of 3 PNGs)';

type Backend = 'sqlite' | 'postgres';
type Args = { hits: number; seconds: number; reviewers: number; uploaders: number; rate: number; stores: Backend[]; json?: string };

function parse(): Args {
  const { values } = parseArgs({
    options: {
      hits: { type: 'string' },
      seconds: { type: 'string' },
      reviewers: { type: 'string' },
      uploaders: { type: 'string' },
      rate: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const int = (value: string | undefined, fallback: number, min: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`bad number ${value}\nusage: ${USAGE}\n`);
      process.exit(2);
    }
    return n;
  };
  const stores = (values.store ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  if (stores.some((s) => s !== 'sqlite' && s !== 'postgres')) {
    process.stderr.write(`--store takes sqlite, postgres or both\nusage: ${USAGE}\n`);
    process.exit(2);
  }
  return {
    hits: int(values.hits, 100_000, 1),
    seconds: int(values.seconds, 60, 1),
    reviewers: int(values.reviewers, 100, 1),
    uploaders: int(values.uploaders, 10, 0),
    rate: int(values.rate, 1, 0),
    stores: stores as Backend[],
    ...(values.json ? { json: values.json } : {}),
  };
}

/** Where the store lives: a temp data dir, and for PostgreSQL a schema of its own in that database. */
/** A reviewer's state between requests (autocannon's per-connection context). */
type ReviewerContext = { sentAt: number; next: string; start: string; hit?: string; etag?: string; decisions: number };
type UploaderContext = { sentAt: number; n: number };

function runInstance(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type LoadResult = { routes: RouteFigures[]; connectionErrors: number; timeouts: number; resets: number; seconds: number };

async function drive(url: string, tokens: { reviewer: string; uploader: string }, seed: SeedResult, args: Args): Promise<LoadResult> {
  const latency = new RouteLatency();
  const images = await samplePngs(3);
  const rate = args.rate > 0 ? { connectionRate: args.rate } : {};
  const common = { url, connections: 1, duration: args.seconds, timeout: 30, ...rate };
  const done = (route: string) => (status: number, _body: string, context: object) =>
    latency.record(route, performance.now() - (context as { sentAt: number }).sentAt, status);
  const reviewerRequests: autocannon.Request[] = [
    {
      method: 'GET',
      setupRequest: (req, context) => {
        const c = context as ReviewerContext;
        c.sentAt = performance.now();
        return { ...req, path: `/api/hits?status=pending&limit=50&around=${encodeURIComponent(c.next)}` };
      },
      onResponse: (status, body, context) => {
        done(HIT_PAGE)(status, body, context);
        const c = context as ReviewerContext;
        const items = status === 200 ? (JSON.parse(body) as { items: { id: string }[] }).items : [];
        c.hit = items[0]?.id;
        // The page after the hit decided on starts at the next one; past the end, back to the start.
        c.next = items[1]?.id ?? c.start;
      },
    },
    {
      method: 'GET',
      setupRequest: (req, context) => {
        const c = context as ReviewerContext;
        if (!c.hit) return undefined as unknown as autocannon.Request;
        c.sentAt = performance.now();
        return { ...req, path: `/api/hits/${encodeURIComponent(c.hit)}` };
      },
      onResponse: (status, body, context) => {
        done(HIT)(status, body, context);
        const c = context as ReviewerContext;
        c.etag = status === 200 ? (JSON.parse(body) as { hit: { etag: string } }).hit.etag : undefined;
      },
    },
    {
      method: 'POST',
      setupRequest: (req, context) => {
        const c = context as ReviewerContext;
        if (!c.hit || !c.etag) return undefined as unknown as autocannon.Request;
        c.sentAt = performance.now();
        c.decisions += 1;
        const decision = c.decisions % 4 === 0 ? 'reject' : 'confirm';
        return {
          ...req,
          path: `/api/hits/${encodeURIComponent(c.hit)}/decisions`,
          headers: { ...req.headers, 'content-type': 'application/json', 'if-match': c.etag },
          body: JSON.stringify({ decision }),
        };
      },
      onResponse: done(DECISION),
    },
  ];
  let uploads = 0;
  const uploaderRequests: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (req, context) => {
        const c = context as UploaderContext;
        const { body, headers } = zipUpload(images, `${process.pid}-${uploads++}`);
        c.sentAt = performance.now();
        return { ...req, path: '/api/uploads', headers: { ...req.headers, 'content-type': headers['content-type']! }, body };
      },
      onResponse: done(UPLOAD),
    },
  ];
  const started = performance.now();
  const runs: Promise<autocannon.Result>[] = [];
  const clients = args.reviewers + args.uploaders;
  for (let i = 0; i < clients; i++) {
    // Spread over the first second, so paced clients do not all fire on the same tick.
    await wait(1000 / clients);
    if (i < args.reviewers) {
      const start = seed.firstHitIds[Math.floor((i * seed.firstHitIds.length) / args.reviewers)]!;
      runs.push(
        runInstance({
          ...common,
          headers: { authorization: `Bearer ${tokens.reviewer}` },
          initialContext: { sentAt: 0, next: start, start, decisions: 0 } satisfies ReviewerContext,
          requests: reviewerRequests,
        }),
      );
    } else {
      runs.push(
        runInstance({
          ...common,
          headers: { authorization: `Bearer ${tokens.uploader}` },
          initialContext: { sentAt: 0, n: 0 } satisfies UploaderContext,
          requests: uploaderRequests,
        }),
      );
    }
  }
  const results = await Promise.all(runs);
  const seconds = (performance.now() - started) / 1000;
  return {
    routes: latency.figures(seconds),
    connectionErrors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    resets: results.reduce((n, r) => n + (r.resets ?? 0), 0),
    seconds,
  };
}

type StoreRun = {
  backend: Backend;
  seed: Omit<SeedResult, 'firstHitIds'>;
  load: LoadResult;
  rssMiB: { afterStart: number; peakDuringLoad: number; atEnd: number; vmHwm: number };
  /** CPU seconds during the load: the server's, and this process's (the load generator). */
  cpu: { server: number; loadGenerator: number };
  loadAverage: number[];
};

async function runStore(backend: Backend, args: Args): Promise<StoreRun> {
  const place = await prepareStorePlace(backend, 'serve');
  const redis = await startTestRedis();
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'termlens-bench-serve-tmp-'));
  try {
    process.stderr.write(`${backend}: seeding ${args.hits} hits…\n`);
    const store = await openStore({ dataDir: place.dataDir, ...(place.databaseUrl ? { databaseUrl: place.databaseUrl } : {}) });
    let seed: SeedResult;
    try {
      const ctx = await createTextContext();
      seed = await seedHits(store, ctx, { hits: args.hits, concurrency: backend === 'postgres' ? 8 : 1 });
    } finally {
      await store.close();
    }
    process.stderr.write(`${backend}: seeded ${seed.hits} hits in ${seed.documents} documents in ${seed.seconds.toFixed(1)} s\n`);
    await place.analyze();
    const env = { ...place.env, REDIS_URL: redis.url, TERMLENS_QUEUE_PREFIX: `benchserve${backend}`, TMPDIR: tmpDir };
    const token = async (role: string) => {
      const result = await runTermlens(['token', 'create', '--role', role, '--name', `bench ${role}`], env);
      if (result.code !== 0) throw new Error(`token create failed:\n${result.stderr}`);
      return result.stdout.trim();
    };
    const tokens = { reviewer: await token('reviewer'), uploader: await token('uploader') };
    const server = await startServeProcess(env, ['--no-workers']);
    try {
      const afterStart = (await rssMiB(server.pid)).rss;
      let peakDuringLoad = afterStart;
      const sampler = setInterval(() => {
        void rssMiB(server.pid).then((m) => (peakDuringLoad = Math.max(peakDuringLoad, m.rss)), () => undefined);
      }, 1000);
      process.stderr.write(`${backend}: ${args.reviewers} reviewers and ${args.uploaders} uploaders for ${args.seconds} s on ${server.url}…\n`);
      const serverCpuBefore = await cpuSeconds(server.pid);
      const ownCpuBefore = process.cpuUsage();
      let load: LoadResult;
      try {
        load = await drive(server.url, tokens, seed, args);
      } finally {
        clearInterval(sampler);
      }
      const ownCpu = process.cpuUsage(ownCpuBefore);
      const cpu = { server: (await cpuSeconds(server.pid)) - serverCpuBefore, loadGenerator: (ownCpu.user + ownCpu.system) / 1e6 };
      const end = await rssMiB(server.pid);
      const { firstHitIds: _ids, ...seedFigures } = seed;
      return {
        backend,
        seed: seedFigures,
        load,
        rssMiB: { afterStart, peakDuringLoad: Math.max(peakDuringLoad, end.rss), atEnd: end.rss, vmHwm: end.peak },
        cpu,
        loadAverage: os.loadavg(),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await redis.dispose();
    await place.dispose();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

function report(run: StoreRun, args: Args): string {
  const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
  const errors = (e: Record<string, number>) =>
    Object.keys(e).length === 0 ? '0' : Object.entries(e).map(([status, n]) => `${n}× ${status}`).join(', ');
  const table = renderTable(
    [
      { header: 'route' },
      { header: 'requests', alignRight: true },
      { header: 'req/s', alignRight: true },
      { header: 'p50 ms', alignRight: true },
      { header: 'p95 ms', alignRight: true },
      { header: 'p99 ms', alignRight: true },
      { header: 'max ms', alignRight: true },
      { header: 'errors' },
    ],
    run.load.routes.map((r) => [r.route, String(r.requests), r.perSecond.toFixed(1), ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max), errors(r.errors)]),
  );
  const total = run.load.routes.reduce((n, r) => n + r.requests, 0);
  const page = run.load.routes.find((r) => r.route === HIT_PAGE);
  return (
    `\n== ${run.backend}: ${run.seed.hits} hits in ${run.seed.documents} documents (${run.seed.hitsPerDocument.toFixed(1)} a document), ` +
    `seeded in ${run.seed.seconds.toFixed(1)} s (${(run.seed.hits / run.seed.seconds).toFixed(0)} hits/s)\n` +
    table +
    `throughput: ${(total / run.load.seconds).toFixed(1)} requests/s over ${run.load.seconds.toFixed(1)} s ` +
    `(${args.rate > 0 ? `paced at ${args.rate} request/s per client` : 'unpaced: as fast as answers come'})\n` +
    `requests without an answer: ${run.load.connectionErrors} (of which timeouts after 30 s: ${run.load.timeouts}), pipeline resets (a step skipped for want of an answer): ${run.load.resets}\n` +
    `server RSS: ${run.rssMiB.afterStart.toFixed(0)} MiB after start, ${run.rssMiB.peakDuringLoad.toFixed(0)} MiB at most during the load (sampled each second), ` +
    `${run.rssMiB.atEnd.toFixed(0)} MiB at the end, VmHWM ${run.rssMiB.vmHwm.toFixed(0)} MiB\n` +
    `CPU during the load: server ${run.cpu.server.toFixed(1)} s (${(run.cpu.server / run.load.seconds).toFixed(2)} cores), ` +
    `load generator ${run.cpu.loadGenerator.toFixed(1)} s (${(run.cpu.loadGenerator / run.load.seconds).toFixed(2)} cores), of ${os.availableParallelism()} cores shared with other work\n` +
    `hit page p95: ${page ? ms(page.p95) : 'n/a'} ms (target ≤ 100 ms); load average at the end: ${run.loadAverage.map((l) => l.toFixed(2)).join(' ')}\n`
  );
}

const args = parse();
process.stdout.write(
  `bench:serve on ${describeMachine()}\n` +
    `${args.hits} hits, ${args.reviewers} reviewers, ${args.uploaders} uploaders, ${args.seconds} s per store, ` +
    `rate ${args.rate > 0 ? `${args.rate} request/s per client` : 'unpaced'}; serve --no-workers (uploads are queued, no worker runs)\n`,
);
const runs: StoreRun[] = [];
for (const backend of args.stores) {
  const run = await runStore(backend, args);
  runs.push(run);
  process.stdout.write(report(run, args));
}
if (args.json) await writeFile(args.json, `${JSON.stringify({ args, machine: describeMachine(), runs }, null, 2)}\n`);
