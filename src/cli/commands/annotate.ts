import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import type { EngineChoice } from '../../domain/ocr.ts';
import { createOcrEngine } from '../../engines/create-engine.ts';
import { annotateImage } from '../../pipeline/annotate-image.ts';
import { createTextContext } from '../../pipeline/text-context.ts';
import { parseOutputFormat, type OutputFormat } from '../output-format.ts';
import { engineOption } from '../engine-option.ts';
import { processDocuments } from '../process-documents.ts';

export function annotateCommand(): Command {
  return new Command('annotate')
    .description('OCR screenshots and find glossary terms in them')
    .argument('<files...>', 'image files (PNG, JPEG, WebP, GIF, BMP, TIFF)')
    .addOption(new Option('-f, --format <format>', 'table or jsonl').default('table').argParser(parseOutputFormat))
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addOption(engineOption())
    .addHelpText(
      'after',
      '\nWith --format jsonl, prints one JSON object per file, in input order (see DESIGN.md).\nExit code 1 when any file failed.',
    )
    .action(async (files: string[], opts: { format: OutputFormat; glossary: string; engine: EngineChoice }) => {
      const ctx = await createTextContext(opts.glossary);
      const glossaryForms = ctx.glossary.surfaceForms;
      const engine = await createOcrEngine(opts.engine, { tesseract: { glossaryForms }, paddle: { glossaryForms } });
      try {
        const { failed } = await processDocuments(files, { format: opts.format, concurrency: config().ocrWorkers }, (path) =>
          annotateImage(path, { ...ctx, engine }),
        );
        if (failed > 0) process.exitCode = 1;
      } finally {
        await engine.terminate();
      }
    });
}
