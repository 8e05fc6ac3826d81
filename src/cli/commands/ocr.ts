import { Command } from 'commander';
import type { EngineChoice } from '../../domain/ocr.ts';
import { createOcrEngine } from '../../engines/create-engine.ts';
import { errorSummary } from '../../errors.ts';
import { imageLimits } from '../../pipeline/input-limits.ts';
import { ingestImage } from '../../stages/ingest-image.ts';
import { ocrImage } from '../../stages/ocr.ts';
import { engineOption } from '../engine-option.ts';

export function ocrCommand(): Command {
  return new Command('ocr')
    .description('print the text OCR reads in screenshots (cleaned: no spaces between Chinese characters)')
    .argument('<images...>', 'image files')
    .option('--raw', 'print the text as the engine returned it, before cleaning')
    .addOption(engineOption())
    .addHelpText('after', '\nWith several images, each text is preceded by a "==> FILE <==" line.\nExit code 1 when any file failed.')
    .action(async (images: string[], opts: { raw?: boolean; engine: EngineChoice }) => {
      // One file at a time: one thread per engine is enough.
      const engine = await createOcrEngine(opts.engine, { tesseract: { workers: 1 }, paddle: { concurrency: 1 } });
      try {
        for (const path of images) {
          try {
            const { data } = await ingestImage(path, imageLimits());
            const result = await ocrImage(data, engine);
            if (images.length > 1) process.stdout.write(`==> ${path} <==\n`);
            process.stdout.write(`${opts.raw ? result.raw.text.trimEnd() : result.text}\n`);
          } catch (error) {
            const { code, message } = errorSummary(error);
            process.stderr.write(`${path}: error ${code}: ${message}\n`);
            process.exitCode = 1;
          }
        }
      } finally {
        await engine.terminate();
      }
    });
}
