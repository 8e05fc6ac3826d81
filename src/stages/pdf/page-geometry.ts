import type { PointRect } from '../../domain/document-unit.ts';
import type { Box } from '../../domain/geometry.ts';
import { InputError } from '../../errors.ts';
import { MIN_PAGE_DPI } from './pdf-limits.ts';
import type { PointBox } from './pdf-thread-protocol.ts';

/**
 * A page's pixel space: the page as displayed at `dpi`, origin at its top left corner. Every
 * bbox of the page's hits and regions is in it, and a render of the page at `dpi` has exactly
 * this grid (MuPDF rounds the scaled bounds outwards by the same rule).
 */
export type PageGeometry = {
  dpi: number;
  /** Pixels per point. */
  scale: number;
  /** The page's bounds in MuPDF's page coordinates (points, y down). */
  bounds: PointBox;
  widthPoints: number;
  heightPoints: number;
  width: number;
  height: number;
};

const round = (n: number) => Math.round(n * 100) / 100;

/** MuPDF's fz_round_rect: outwards, forgiving float noise of a thousandth of a pixel. */
function pixelSpan(from: number, to: number, scale: number): number {
  return Math.ceil(to * scale - 0.001) - Math.floor(from * scale + 0.001);
}

/**
 * At `dpi`, or lower for a page too large for the pixel cap at it (a poster stays readable at
 * a lower resolution). A page that would need less than MIN_PAGE_DPI to fit is refused, as an
 * image over the pixel cap is.
 */
export function pageGeometry(bounds: PointBox, dpi: number, maxPixels: number, where: string): PageGeometry {
  const widthPoints = bounds[2] - bounds[0];
  const heightPoints = bounds[3] - bounds[1];
  if (!(widthPoints > 0 && heightPoints > 0)) {
    throw new InputError('PDF_PAGE_UNREADABLE', `${where}: the page has no area (${widthPoints}×${heightPoints} points)`);
  }
  const fitting = Math.floor(72 * Math.sqrt(maxPixels / (widthPoints * heightPoints)));
  const chosen = Math.min(dpi, fitting);
  if (chosen < MIN_PAGE_DPI) {
    throw new InputError(
      'PDF_PAGE_TOO_LARGE',
      `${where}: the page is ${round(widthPoints)}×${round(heightPoints)} points; at ${MIN_PAGE_DPI} dpi that is above the limit of ${maxPixels} pixels`,
    );
  }
  const scale = chosen / 72;
  return {
    dpi: chosen,
    scale,
    bounds,
    widthPoints: round(widthPoints),
    heightPoints: round(heightPoints),
    width: pixelSpan(bounds[0], bounds[2], scale),
    height: pixelSpan(bounds[1], bounds[3], scale),
  };
}

/** A box in page points to the page's pixels: outwards to whole pixels, kept on the page. */
export function toPagePixels(g: PageGeometry, x0: number, y0: number, x1: number, y1: number): Box {
  const left = Math.max(0, Math.floor((x0 - g.bounds[0]) * g.scale));
  const top = Math.max(0, Math.floor((y0 - g.bounds[1]) * g.scale));
  const right = Math.min(g.width, Math.ceil((x1 - g.bounds[0]) * g.scale));
  const bottom = Math.min(g.height, Math.ceil((y1 - g.bounds[1]) * g.scale));
  return { x: Math.min(left, g.width), y: Math.min(top, g.height), w: Math.max(0, right - left), h: Math.max(0, bottom - top) };
}

/** A box in the page's pixels as an RFC 8118 viewrect: points from the page's top left corner. */
export function toViewrect(g: PageGeometry, box: Box): PointRect {
  return { x: round(box.x / g.scale), y: round(box.y / g.scale), w: round(box.w / g.scale), h: round(box.h / g.scale) };
}
