import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import type { EngineChoice } from '../../domain/ocr.ts';
import { createOcrEngine } from '../../engines/create-engine.ts';
import { annotateDocument, type DocumentContext } from '../../pipeline/annotate-document.ts';
import { pdfLimits } from '../../pipeline/input-limits.ts';
import { createTextContext } from '../../pipeline/text-context.ts';
import { parseOutputFormat, type OutputFormat } from '../output-format.ts';
import { engineOption } from '../engine-option.ts';
import { processDocumentStreams } from '../process-documents.ts';

export function annotateCommand(): Command {
  return new Command('annotate')
    .description('OCR screenshots, PDFs, Word files and saved web pages, and find glossary terms in them')
    .argument('<files...>', 'images (PNG, JPEG, WebP, GIF, BMP, TIFF), PDFs, .docx, .html/.htm, .txt')
    .addOption(new Option('-f, --format <format>', 'table or jsonl').default('table').argParser(parseOutputFormat))
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addOption(engineOption())
    .addHelpText(
      'after',
      '\nWith --format jsonl, prints one JSON object per image or text file, one per page of a PDF and one per section\n' +
        'of a Word file or saved page, in input order (see DESIGN.md). Exit code 1 when any file or page failed.',
    )
    .action(async (files: string[], opts: { format: OutputFormat; glossary: string; engine: EngineChoice }) => {
      const settings = config();
      const ctx = await createTextContext(opts.glossary);
      const glossaryForms = ctx.glossary.surfaceForms;
      const engine = await createOcrEngine(opts.engine, { tesseract: { glossaryForms }, paddle: { glossaryForms } });
      const documentContext: DocumentContext = {
        ...ctx,
        engine,
        maxImagePixels: settings.maxImagePixels,
        maxImageBytes: settings.maxImageBytes,
        maxDocumentBytes: settings.maxDocumentBytes,
        pageConcurrency: settings.ocrWorkers,
        pdf: pdfLimits(settings),
      };
      try {
        const { failed } = await processDocumentStreams(files, { format: opts.format, concurrency: settings.ocrWorkers }, (path, emit) =>
          annotateDocument(path, documentContext, emit),
        );
        if (failed > 0) process.exitCode = 1;
      } finally {
        await engine.terminate();
      }
    });
}
