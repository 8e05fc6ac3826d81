/**
 * A process that only runs the queue's workers, for a supervisor that starts scripts rather
 * than the CLI: `node bin/termlens-dev.js workers/run-workers.ts`. It is `termlens worker` with
 * that command's defaults (both queues, TERMLENS_OCR_WORKERS jobs at once, TERMLENS_GLOSSARY_DIR).
 * The workers themselves live in src/queue/workers/, below the CLI and the service that start
 * them; this file only starts them.
 */
import { config } from '../src/config.ts';
import { runWorkersUntilSignal } from '../src/queue/workers/start-workers.ts';

const concurrency = config().ocrWorkers;
await runWorkersUntilSignal({ concurrency, glossaryDir: config().glossaryDir, ocrOnMainThread: concurrency === 1 });
// BullMQ and the OCR threads may leave timers behind; the work is done, so leave.
setTimeout(() => process.exit(), 1_000).unref();
