import type { EngineChoice, OcrEngine } from '../domain/ocr.ts';
import { ConfigError, errorSummary } from '../errors.ts';
import { AutoEngine } from './auto-engine.ts';
import { createPaddleEngine, type PaddleEngineOptions } from './paddle/paddle-engine.ts';
import { createTesseractEngine, type TesseractEngineOptions } from './tesseract-engine.ts';

const TRADITIONAL_LANGUAGE = 'chi_tra';
/** tesseract's model for traditional text set in columns (auto-engine.ts). */
const VERTICAL_TRADITIONAL_LANGUAGE = 'chi_tra_vert';

export type CreateEngineOptions = {
  tesseract?: TesseractEngineOptions;
  paddle?: PaddleEngineOptions;
  /** Told when PaddleOCR was asked for and cannot be used (default: a line on stderr). */
  warn?: (message: string) => void;
};

/**
 * The OCR engine a user chose. PaddleOCR is an optional dependency: when it is asked for
 * ('paddle', or 'auto', which routes pages to it) and its packages are missing or its models
 * do not load, termlens says so and reads with tesseract.js alone rather than failing every
 * file. Its models are loaded here, before the first file, so that the warning comes once and
 * at the start.
 */
export async function createOcrEngine(choice: EngineChoice, options: CreateEngineOptions = {}): Promise<OcrEngine> {
  const tesseract = () => createTesseractEngine(options.tesseract);
  if (choice === 'tesseract') return tesseract();
  const paddle = createPaddleEngine(options.paddle);
  try {
    await paddle.ready();
  } catch (error) {
    await paddle.terminate();
    // A model file that is not the one measured is a broken install, not a missing option: refused.
    const { code, message } = errorSummary(error);
    if (code === 'OCR_MODEL_CHECKSUM') throw new ConfigError(code, message, { cause: error });
    const warn = options.warn ?? ((message: string) => process.stderr.write(`termlens: warning: ${message}\n`));
    warn(`${errorSummary(error).message}; reading with tesseract.js instead`);
    return tesseract();
  }
  if (choice === 'paddle') return paddle;
  // Auto hands tesseract.js only the pages PaddleOCR found traditional, vertical ones to its vertical model.
  return new AutoEngine(
    paddle,
    createTesseractEngine({ ...options.tesseract, languages: [TRADITIONAL_LANGUAGE] }),
    createTesseractEngine({ ...options.tesseract, languages: [VERTICAL_TRADITIONAL_LANGUAGE], vertical: true }),
  );
}
