import path from 'node:path';
import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { InputError } from '../../errors.ts';
import { writeFileAtomic } from '../../glossary/interchange/atomic-write.ts';
import { exportDelimited } from '../../glossary/interchange/csv-export.ts';
import { INTERCHANGE_FORMATS, interchangeFormat } from '../../glossary/interchange/interchange-format.ts';
import { loadRecordedGlossary } from '../../glossary/interchange/load-recorded-glossary.ts';
import { exportTbx } from '../../glossary/interchange/tbx-export.ts';

export function glossaryExportCommand(): Command {
  return new Command('export')
    .description('write every glossary entry as TBX-Basic, CSV or TSV')
    .addOption(new Option('-f, --format <format>', 'tbx, csv or tsv (default: from --out, else tbx)').choices([...INTERCHANGE_FORMATS]))
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addHelpText(
      'after',
      [
        '',
        'TBX: TBX-Basic (ISO 30042:2019), one conceptEntry per entry, langSec zh-Hans, zh-Hant and en.',
        'CSV/TSV: UTF-8 with a header row, one row per entry, simplified term first, English second,',
        'note third (as OmegaT reads a glossary); several values in a cell are joined with " | ".',
      ].join('\n'),
    )
    .action(async (opts: { format?: string; out?: string; glossary: string }) => {
      const format = opts.format ?? (opts.out ? interchangeFormat(opts.out) : 'tbx');
      const glossary = await loadRecordedGlossary(opts.glossary, config().dataDir);
      let text: string;
      try {
        text = format === 'tbx' ? exportTbx(glossary) : exportDelimited(glossary, format === 'tsv' ? 'tsv' : 'csv');
      } catch (error) {
        // A value the format cannot carry (a control character, a "|" in a list) is the glossary's to fix.
        throw new InputError('GLOSSARY_EXPORT_FAILED', error instanceof Error ? error.message : String(error));
      }
      if (!opts.out) {
        process.stdout.write(text);
        return;
      }
      await writeFileAtomic(path.resolve(opts.out), text);
      process.stderr.write(`wrote ${glossary.entries.length} entries to ${opts.out} (${format}, glossary version ${glossary.version.slice(0, 12)})\n`);
    });
}
