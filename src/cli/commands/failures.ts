import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { batchItems } from '../batch/batch-items.ts';
import { openCliServices } from '../batch/open-services.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';
import { parseSummaryFormat, type SummaryFormat } from '../batch/summary-format.ts';

export function failuresCommand(): Command {
  return new Command('failures')
    .description('list the failed files of a batch with their reasons')
    .argument('<batch>', 'batch id or name')
    .addOption(new Option('-f, --format <format>', 'text (tab-separated) or json (one object per line)').default('text').argParser(parseSummaryFormat))
    .action(async (idOrName: string, opts: { format: SummaryFormat }) => {
      const services = await openCliServices(config(), { redis: false });
      try {
        const batch = await resolveBatch(services.store, idOrName);
        let count = 0;
        for await (const item of batchItems(services.store, batch.id, 'failed')) {
          count++;
          const error = { code: item.errorCode ?? 'UNKNOWN', message: item.errorMessage ?? '' };
          if (opts.format === 'json') {
            process.stdout.write(`${JSON.stringify({ item: item.itemKey, sha256: item.sha256, error })}\n`);
          } else {
            // Keys and messages come from files and archives: tabs and line breaks are flattened.
            const flat = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
            process.stdout.write(`${flat(item.itemKey)}\t${error.code}\t${flat(error.message)}\n`);
          }
        }
        process.stderr.write(`${count} failed file${count === 1 ? '' : 's'} in batch ${batch.id}\n`);
      } finally {
        await services.close();
      }
    });
}
