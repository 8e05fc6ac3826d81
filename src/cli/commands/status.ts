import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { batchSummary, describeSummary } from '../batch/batch-summary.ts';
import { openCliServices } from '../batch/open-services.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';
import { parseSummaryFormat, type SummaryFormat } from '../batch/summary-format.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('show the progress of one batch, or of every batch')
    .argument('[batch]', 'batch id or name (default: all batches, newest first)')
    .addOption(new Option('-f, --format <format>', 'text or json (one JSON object per batch)').default('text').argParser(parseSummaryFormat))
    .action(async (idOrName: string | undefined, opts: { format: SummaryFormat }) => {
      // The store alone: status must work while Redis is down, that is when people ask for it.
      const services = await openCliServices(config(), { redis: false });
      try {
        const { store } = services;
        const batches = idOrName ? [await resolveBatch(store, idOrName)] : await store.listBatches();
        if (batches.length === 0) process.stderr.write('no batches yet\n');
        for (const batch of batches) {
          const counts = await store.batchCounts(batch.id);
          const summary = batchSummary(batch.id, counts);
          if (opts.format === 'json') {
            process.stdout.write(`${JSON.stringify({ ...summary, name: batch.name, createdAt: batch.createdAt, ...stages(counts) })}\n`);
          } else {
            const detail = summary.pending > 0 ? ` (received ${counts.received}, queued ${counts.queued}, processing ${counts.processing})` : '';
            process.stdout.write(`${describeSummary(batch.name, summary)}${detail}\n`);
          }
        }
      } finally {
        await services.close();
      }
    });
}

function stages(counts: { received: number; queued: number; processing: number }) {
  return { received: counts.received, queued: counts.queued, processing: counts.processing };
}
