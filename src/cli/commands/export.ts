import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import { config } from '../../config.ts';
import { EXPORT_FORMATS, exportBatch, type ExportFormat } from '../batch/export-batch.ts';
import { openCliServices } from '../batch/open-services.ts';
import { resolveBatch } from '../batch/resolve-batch.ts';

function parseExportFormat(value: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new InvalidArgumentError(`expected one of ${EXPORT_FORMATS.join(', ')}`);
}

/** Honours backpressure, so exporting a large batch to a slow pipe does not buffer it all. */
function writerFor(stream: Writable) {
  return async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}

export function exportCommand(): Command {
  return new Command('export')
    .description("write a batch's results")
    .requiredOption('-b, --batch <batch>', 'batch id or name')
    .addOption(
      new Option('-f, --format <format>', 'jsonl (annotate --format jsonl objects), w3c (AnnotationCollection) or csv (one row per hit)')
        .default('jsonl')
        .argParser(parseExportFormat),
    )
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (opts: { batch: string; format: ExportFormat; output?: string }) => {
      // A reader that stops early (`| head`) is not an error.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
      const services = await openCliServices(config(), { redis: false });
      try {
        const batch = await resolveBatch(services.store, opts.batch);
        const stream: Writable = opts.output ? createWriteStream(opts.output) : process.stdout;
        const n = await exportBatch(services.store, batch, opts.format, writerFor(stream));
        if (opts.output) {
          stream.end();
          await once(stream, 'finish');
        }
        const what = { jsonl: 'files', w3c: 'annotations', csv: 'hits' }[opts.format];
        process.stderr.write(`exported ${n} ${what} of batch ${batch.id}\n`);
      } finally {
        await services.close();
      }
    });
}
