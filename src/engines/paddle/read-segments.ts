import type { Box } from '../../domain/geometry.ts';
import { toRawImage, type RawImage } from '../../domain/raw-image.ts';
import { rawSharp } from '../raw-pixels.ts';
import { decodeCtc, type CtcCharacter } from './ctc-decode.ts';
import type { PaddleModels } from './paddle-models.ts';

/** The recogniser's input height; segments are scaled to it, keeping their aspect ratio. */
const LINE_HEIGHT = 48;

/** One text segment as PaddleOCR read it, before termlens places its characters. */
export type ReadSegment = {
  /** The detector's box, axis-aligned, on the image. */
  bounds: Box;
  characters: CtcCharacter[];
  /** How many image pixels one recogniser timestep covers along the segment. */
  stepWidth: number;
};

/** The axis-aligned box around the detector's four points, on the image. */
function boundsOf(points: number[][], width: number, height: number): Box {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/**
 * Detection, then recognition of every segment: the model work of one page. The detector reads
 * `detectorInput` (the page scaled to sides in multiples of 32); segments are cut from `page`.
 */
export async function readSegments(models: PaddleModels, page: RawImage, detectorInput: RawImage): Promise<ReadSegment[]> {
  const detected = (await models.detect(detectorInput, page))
    .map(({ box, image }) => ({ bounds: boundsOf(box, page.width, page.height), image }))
    .filter(({ bounds }) => bounds.w >= 2 && bounds.h >= 2);
  const segments: ReadSegment[] = [];
  for (const { bounds, image } of detected) {
    const line = toRawImage(await rawSharp(image).resize({ height: LINE_HEIGHT }).raw().toBuffer({ resolveWithObject: true }));
    const { scores, steps, classes } = await models.recognise(line);
    const { characters } = decodeCtc(scores, steps, classes, models.dictionary);
    // The timesteps span the line image, which is the segment scaled to 48 px high.
    if (characters.length > 0) segments.push({ bounds, characters, stepWidth: bounds.w / steps });
  }
  return segments;
}
