import { Command, InvalidArgumentError } from 'commander';
import { config } from '../../config.ts';

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description('run the OCR and analysis queue workers (and the reconciler) until SIGTERM or Ctrl-C')
    .option('-c, --concurrency <n>', 'jobs at once per queue, and OCR threads in this process', parsePositiveInt, config().ocrWorkers)
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addHelpText(
      'after',
      '\nStart as many worker processes as you like, on one machine or many, against the same REDIS_URL\n' +
        'and store (DATABASE_URL, or a DATA_DIR they share). SIGTERM lets running jobs finish within\n' +
        'TERMLENS_SHUTDOWN_DEADLINE_MS; what is left is taken over by another worker.',
    )
    .action(async (opts: { concurrency: number; glossary: string }) => {
      // Loaded here, not at the top: every other command would pay for BullMQ and the OCR engine.
      const { runWorkersUntilSignal } = await import('../../../workers/start-workers.ts');
      await runWorkersUntilSignal({ concurrency: opts.concurrency, glossaryDir: opts.glossary });
      // BullMQ and the OCR threads may leave timers behind; the work is done, so leave.
      setTimeout(() => process.exit(), 1_000).unref();
    });
}
