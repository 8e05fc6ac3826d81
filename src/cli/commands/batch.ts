import path from 'node:path';
import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { batchSummary, describeSummary } from '../batch/batch-summary.ts';
import { openCliServices, requireProducer } from '../batch/open-services.ts';
import { submitBatch } from '../batch/submit-batch.ts';
import { parseSummaryFormat, type SummaryFormat } from '../batch/summary-format.ts';
import { waitForBatch } from '../batch/wait-for-batch.ts';
import { watchOptions } from '../batch/watch-options.ts';
import { parseSeconds } from '../parse-seconds.ts';

export function batchCommand(): Command {
  return new Command('batch')
    .description('store every image of a folder (recursively) or a .zip and queue it for the workers')
    .argument('<path>', 'a folder or a .zip file')
    .option('-n, --name <name>', 'batch name; running again with the same name resumes it (default: the absolute path)')
    .option('-w, --wait', 'show progress until every file is done, failed or a duplicate, then print a summary')
    .addOption(new Option('--timeout <seconds>', 'with --wait: give up after this long (exit code 2, WAIT_TIMEOUT)').argParser(parseSeconds))
    .addOption(new Option('-f, --format <format>', 'text or json (json: the last stdout line is the summary)').default('text').argParser(parseSummaryFormat))
    .addHelpText(
      'after',
      '\nFiles are accepted by content (PNG, JPEG, WebP, GIF, BMP, TIFF), not by extension; a file with the same\n' +
        'content as an earlier one is recorded as its duplicate. Workers (`termlens worker`) do the processing.\n' +
        'With --wait, exit code 1 when any file failed (`termlens failures BATCH` lists why); it says so when no\n' +
        'worker serves this store, and stops with STORE_MISMATCH (exit code 2) when workers of another store\n' +
        '(another DATABASE_URL or TERMLENS_DATA_DIR on the same Redis) refused its jobs.',
    )
    .action(async (input: string, opts: { name?: string; wait?: boolean; timeout?: number; format: SummaryFormat }) => {
      const since = new Date();
      const absolute = path.resolve(input);
      const cfg = config();
      const services = await openCliServices(cfg, { redis: true });
      try {
        const report = await submitBatch({
          path: absolute,
          name: opts.name ?? absolute,
          store: services.store,
          blobs: services.blobs,
          producer: requireProducer(services),
        });
        process.stderr.write(
          `${report.created ? 'created' : 'resuming'} batch ${report.batch.id} (${report.batch.name}): ` +
            `${report.seen} files read, ${report.enqueued} queued\n`,
        );
        const counts = opts.wait
          ? (await waitForBatch(services.store, report.batch.id, await watchOptions(services, cfg, { timeoutSeconds: opts.timeout, since }))).counts
          : await services.store.batchCounts(report.batch.id);
        const summary = batchSummary(report.batch.id, counts);
        if (opts.format === 'json') {
          const { pending, ...contract } = summary;
          process.stdout.write(`${JSON.stringify(opts.wait ? contract : { ...contract, pending })}\n`);
        } else {
          process.stdout.write(`${describeSummary(report.batch.name, summary)}\n`);
        }
        if (opts.wait && summary.failed > 0) process.exitCode = 1;
      } finally {
        await services.close();
      }
    });
}
