import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import { annotateTextFile } from '../../pipeline/annotate-text-file.ts';
import { createTextContext } from '../../pipeline/text-context.ts';
import { parseOutputFormat, type OutputFormat } from '../output-format.ts';
import { processDocuments } from '../process-documents.ts';

export function tagCommand(): Command {
  return new Command('tag')
    .description('find glossary terms in plain UTF-8 text files (no OCR)')
    .argument('<files...>', 'UTF-8 text files')
    .addOption(new Option('-f, --format <format>', 'table or jsonl').default('table').argParser(parseOutputFormat))
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addHelpText('after', '\nExit code 1 when any file failed.')
    .action(async (files: string[], opts: { format: OutputFormat; glossary: string }) => {
      const ctx = await createTextContext(opts.glossary);
      const { failed } = await processDocuments(files, { format: opts.format, concurrency: 1 }, (path) =>
        annotateTextFile(path, ctx),
      );
      if (failed > 0) process.exitCode = 1;
    });
}
