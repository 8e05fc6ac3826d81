import { Command, InvalidArgumentError, Option } from 'commander';
import { config } from '../../config.ts';
import { QUEUE_NAMES, type QueueName } from '../../queue/jobs.ts';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

const ALL_QUEUES = Object.values(QUEUE_NAMES);

function parseQueues(value: string): QueueName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(ALL_QUEUES as string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`expected a comma-separated list of ${ALL_QUEUES.join(', ')}`);
  return [...new Set(names)] as QueueName[];
}

export function workerCommand(): Command {
  return new Command('worker')
    .description('run the OCR and analysis queue workers (and the reconciler) until SIGTERM or Ctrl-C')
    .option('-c, --concurrency <n>', 'jobs at once per queue, and OCR threads in this process', parsePositiveInt, config().ocrWorkers)
    .addOption(
      new Option('-q, --queues <list>', 'queues to serve (OCR-only processes use less memory)')
        .argParser(parseQueues)
        .default(ALL_QUEUES, ALL_QUEUES.join(',')),
    )
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addHelpText(
      'after',
      '\nStart as many worker processes as you like, on one machine or many, against the same REDIS_URL\n' +
        'and store (DATABASE_URL, or a DATA_DIR they share). SIGTERM lets running jobs finish within\n' +
        'TERMLENS_SHUTDOWN_DEADLINE_MS; what is left is taken over by another worker.',
    )
    .action(async (opts: { concurrency: number; queues: QueueName[]; glossary: string }) => {
      // Loaded here, not at the top: every other command would pay for BullMQ and the OCR engine.
      const { runWorkersUntilSignal } = await import('../../queue/workers/start-workers.ts');
      await runWorkersUntilSignal({
        concurrency: opts.concurrency,
        queues: opts.queues,
        glossaryDir: opts.glossary,
        // A worker process has no other use for its event loop than its jobs; see in-process-reader.ts.
        ocrOnMainThread: opts.concurrency === 1,
      });
      // BullMQ and the OCR threads may leave timers behind; the work is done, so leave.
      setTimeout(() => process.exit(), 1_000).unref();
    });
}
