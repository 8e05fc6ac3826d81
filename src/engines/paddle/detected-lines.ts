import cv from '@techstark/opencv-js';
import clipper from 'js-clipper';
import type { RgbaImage } from './paddle-models.ts';

/**
 * The detector's post-processing (PaddleOCR's DB post-process): text regions are the contours
 * of the binarised probability map; each is fitted with a rotated rectangle, grown ("unclipped")
 * by area × 1.5 / perimeter so the box takes in the whole glyphs, scaled to the page and cut out
 * of it straightened.
 *
 * Ported from @gutenye/ocr-common 1.4's splitIntoLineImages, which never frees the opencv.js
 * matrices it makes for every contour and every crop: opencv.js lives in a WebAssembly heap that
 * JavaScript's garbage collector does not see, and on samples/ a reader's memory grew by about
 * 0.75 MB a page for good. Here every matrix is deleted, and the page is copied into opencv.js
 * once instead of once per segment.
 */

export type DetectedLine = {
  /** Four corners on the page: the rotated rectangle around the text, grown by unclipping. */
  box: [number, number][];
  /** The region cut out of the page and straightened, RGBA. */
  image: RgbaImage;
};

const MIN_SIDE = 3;
const UNCLIP_RATIO = 1.5;
/** A crop this much taller than wide holds vertical text; it is turned to read left to right. */
const VERTICAL_RATIO = 1.5;

type Point = [number, number];

function rectangleCorners(rect: { center: { x: number; y: number }; size: { width: number; height: number }; angle: number }): Point[] {
  const theta = (rect.angle * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const dx = rect.size.width / 2;
  const dy = rect.size.height / 2;
  const { x, y } = rect.center;
  return [
    [x - dx * cos + dy * sin, y - dx * sin - dy * cos],
    [x + dx * cos + dy * sin, y + dx * sin - dy * cos],
    [x + dx * cos - dy * sin, y + dx * sin + dy * cos],
    [x - dx * cos - dy * sin, y - dx * sin + dy * cos],
  ];
}

/** The smallest rotated rectangle around `points`, corners clockwise from top left, and its shorter side. */
function miniBox(points: cv.Mat): { corners: Point[]; shortSide: number } {
  const rect = cv.minAreaRect(points);
  const sorted = rectangleCorners(rect).sort((a, b) => a[0] - b[0]);
  const [left1, left2, right1, right2] = sorted as [Point, Point, Point, Point];
  const [topLeft, bottomLeft] = left2[1] > left1[1] ? [left1, left2] : [left2, left1];
  const [topRight, bottomRight] = right2[1] > right1[1] ? [right1, right2] : [right2, right1];
  return { corners: [topLeft, topRight, bottomRight, bottomLeft], shortSide: Math.min(rect.size.width, rect.size.height) };
}

function polygonArea(polygon: readonly Point[]): number {
  let area = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    area += x1 * y2 - x2 * y1;
  }
  return Math.abs(area) / 2;
}

function polygonPerimeter(polygon: readonly Point[]): number {
  let length = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    length += Math.hypot(x2 - x1, y2 - y1);
  }
  return length;
}

/** The polygon grown outwards by area × UNCLIP_RATIO / perimeter, as flat x, y pairs. */
function unclip(polygon: readonly Point[]): number[] {
  const distance = (polygonArea(polygon) * UNCLIP_RATIO) / polygonPerimeter(polygon);
  const offset = new clipper.ClipperOffset();
  offset.AddPath(
    polygon.map(([x, y]) => ({ X: x, Y: y })),
    clipper.JoinType.jtRound,
    clipper.EndType.etClosedPolygon,
  );
  const grown: { X: number; Y: number }[][] = [];
  offset.Execute(grown, distance);
  return (grown[0] ?? []).flatMap((p) => [p.X, p.Y]);
}

/** The quadrilateral `corners` of `page` (already in opencv.js) cut out and straightened. */
function cropStraight(page: cv.Mat, corners: readonly Point[]): RgbaImage {
  const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const [tl, tr, br, bl] = corners as [Point, Point, Point, Point];
  const width = Math.trunc(Math.max(distance(tl, tr), distance(br, bl)));
  const height = Math.trunc(Math.max(distance(tl, bl), distance(tr, br)));
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, corners.flat());
  const to = cv.matFromArray(4, 1, cv.CV_32FC2, [0, 0, width, 0, width, height, 0, height]);
  const transform = cv.getPerspectiveTransform(from, to);
  const crop = new cv.Mat();
  const turned = new cv.Mat();
  try {
    cv.warpPerspective(page, crop, transform, new cv.Size(width, height), cv.INTER_CUBIC, cv.BORDER_REPLICATE, new cv.Scalar());
    let result = crop;
    if (crop.rows / crop.cols >= VERTICAL_RATIO) {
      const rotation = cv.getRotationMatrix2D(new cv.Point(crop.cols / 2, crop.cols / 2), 90, 1);
      cv.warpAffine(crop, turned, rotation, new cv.Size(crop.rows, crop.cols), cv.INTER_CUBIC, cv.BORDER_REPLICATE, new cv.Scalar());
      rotation.delete();
      result = turned;
    }
    // A copy: the matrix's memory belongs to opencv.js and is freed below.
    return { data: new Uint8Array(result.data), width: result.cols, height: result.rows };
  } finally {
    for (const mat of [from, to, transform, crop, turned]) mat.delete();
  }
}

/**
 * Text lines in `page` from the detector's binarised map (white = text), which may be smaller
 * than the page: boxes are scaled by page size / map size.
 */
export function detectedLines(map: RgbaImage, page: RgbaImage): DetectedLine[] {
  const scaleX = page.width / map.width;
  const scaleY = page.height / map.height;
  const lines: DetectedLine[] = [];
  const binary = cv.matFromImageData(map);
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat();
  const source = cv.matFromImageData(page);
  try {
    cv.cvtColor(binary, binary, cv.COLOR_RGBA2GRAY, 0);
    cv.findContours(binary, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
    for (let i = 0; i < contours.size(); i++) {
      const contour = contours.get(i);
      const fitted = miniBox(contour);
      contour.delete();
      if (fitted.shortSide < MIN_SIDE) continue;
      const grownPoints = unclip(fitted.corners);
      if (grownPoints.length < 6) continue;
      const grownMat = cv.matFromArray(grownPoints.length / 2, 1, cv.CV_32SC2, grownPoints);
      const grown = miniBox(grownMat);
      grownMat.delete();
      if (grown.shortSide < MIN_SIDE + 2) continue;
      const box = grown.corners.map(([x, y]): Point => [x * scaleX, y * scaleY]);
      const clamp = (v: number, max: number) => Math.max(0, Math.min(Math.round(v), max));
      const [c0, c1, , c3] = box.map(([x, y]): Point => [clamp(x, page.width), clamp(y, page.height)]) as [Point, Point, Point, Point];
      if (Math.trunc(Math.hypot(c0[0] - c1[0], c0[1] - c1[1])) <= 3 || Math.trunc(Math.hypot(c0[0] - c3[0], c0[1] - c3[1])) <= 3) continue;
      lines.push({ box, image: cropStraight(source, box) });
    }
  } finally {
    for (const mat of [binary, contours, hierarchy, source]) mat.delete();
  }
  return lines;
}
