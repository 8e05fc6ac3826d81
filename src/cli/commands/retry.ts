import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { freshSuffix } from '../../queue/jobs.ts';
import { batchSummary, describeSummary } from '../batch/batch-summary.ts';
import { openCliServices, requireProducer } from '../batch/open-services.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';
import { parseSummaryFormat, type SummaryFormat } from '../batch/summary-format.ts';
import { waitForBatch } from '../batch/wait-for-batch.ts';
import { watchOptions } from '../batch/watch-options.ts';
import { parseSeconds } from '../parse-seconds.ts';
import { batchItems } from '../batch/batch-items.ts';

export function retryCommand(): Command {
  return new Command('retry')
    .description('run the failed files of a batch again')
    .argument('<batch>', 'batch id or name')
    .option('-w, --wait', 'show progress until the retried files are finished')
    .addOption(new Option('--timeout <seconds>', 'with --wait: give up after this long (exit code 2, WAIT_TIMEOUT)').argParser(parseSeconds))
    .addOption(new Option('-f, --format <format>', 'text or json').default('text').argParser(parseSummaryFormat))
    .addHelpText(
      'after',
      '\nFiles that could not even be read (a bad zip entry, a vanished file) were never stored and are\n' +
        'not retried; fix the source and run `termlens batch` on it again.',
    )
    .action(async (idOrName: string, opts: { wait?: boolean; timeout?: number; format: SummaryFormat }) => {
      const since = new Date();
      const cfg = config();
      const services = await openCliServices(cfg, { redis: true });
      try {
        const { store } = services;
        const producer = requireProducer(services);
        const batch = await resolveBatch(store, idOrName);
        // Fresh ids: the failed job keeps the plain id (kept for inspection) and would swallow the add.
        const fresh = freshSuffix('retry');
        const queued = new Set<string>();
        let skipped = 0;
        const failed = [];
        for await (const item of batchItems(store, batch.id, 'failed')) failed.push(item);
        for (const item of failed) {
          if (!item.sha256) {
            skipped++;
            continue;
          }
          // Committed before the job exists, as for a new item: the record comes first.
          await store.setItemStatus(batch.id, item.itemKey, 'received', { error: null, from: ['failed'] });
          if (!queued.has(item.sha256)) {
            queued.add(item.sha256);
            if (await store.getOcrResult(item.sha256)) await producer.addAnalysis(item.sha256, { reason: 'pipeline', fresh });
            else await producer.addOcr([{ sha256: item.sha256, origin: { batchId: batch.id, itemKey: item.itemKey }, fresh }]);
          }
          await store.setItemStatus(batch.id, item.itemKey, 'queued', { from: ['received'] });
        }
        await store.appendAudit({ actor: 'cli', action: 'batch.retry', subject: batch.id, details: { documents: queued.size, skipped } });
        process.stderr.write(
          `retrying ${failed.length - skipped} failed file${failed.length - skipped === 1 ? '' : 's'} of batch ${batch.id}` +
            (skipped ? `; ${skipped} never stored, not retried` : '') +
            '\n',
        );
        const counts = opts.wait
          ? (await waitForBatch(store, batch.id, await watchOptions(services, cfg, { timeoutSeconds: opts.timeout, since }))).counts
          : await store.batchCounts(batch.id);
        const summary = batchSummary(batch.id, counts);
        process.stdout.write(opts.format === 'json' ? `${JSON.stringify(summary)}\n` : `${describeSummary(batch.name, summary)}\n`);
        if (opts.wait && summary.failed > 0) process.exitCode = 1;
      } finally {
        await services.close();
      }
    });
}
