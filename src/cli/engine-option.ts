import { Option } from 'commander';
import { config } from '../config.ts';
import { EngineChoiceSchema } from '../domain/ocr.ts';

/** `--engine tesseract|paddle|auto`, defaulting to TERMLENS_OCR_ENGINE (auto). */
export function engineOption(): Option {
  return new Option(
    '-e, --engine <engine>',
    'OCR engine: auto (PaddleOCR for simplified pages, tesseract.js for traditional ones), paddle or tesseract',
  )
    .choices(EngineChoiceSchema.options)
    .default(config().ocrEngine);
}
