import type { RawImage } from '../../domain/raw-image.ts';

/**
 * What the main thread and a PDF thread (pdf-thread-body.ts) say to each other. MuPDF runs as
 * WebAssembly, synchronously: in a thread of its own a page that never ends (a PDF bomb) can be
 * stopped by terminating the thread, and the main thread, which runs OCR meanwhile, never blocks.
 */

/** x0, y0, x1, y1 in points, in the page's coordinates as MuPDF gives them (y down). */
export type PointBox = [number, number, number, number];
/** MuPDF's [a, b, c, d, e, f]: maps an image's unit square (v = 0 at its top row) onto the page. */
export type Transform = [number, number, number, number, number, number];

export type TextLine = {
  /** One code point per entry, as the text layer maps the glyphs. */
  chars: string[];
  /** Per character: x0, y0, x1, y1 in points, flat. */
  boxes: number[];
};

export type PageImage = {
  kind: 'image';
  /** 1-based, in the page's drawing order (every image block counts, read or not). */
  number: number;
  bbox: PointBox;
  transform: Transform;
  /** The image's own pixel size. */
  width: number;
  height: number;
  /** Its pixels, grey or RGB, when it was worth reading and within the pixel cap. */
  pixels?: RawImage;
  /** Why its pixels were not read. */
  skipped?: { code: string; message: string };
};

export type PageBlock = { kind: 'text'; bbox: PointBox; lines: TextLine[] } | PageImage;

export type PageContent = {
  /** The page as displayed (crop box, rotation applied), in points. */
  bounds: PointBox;
  /** Text and image blocks in the order the page draws them. */
  blocks: PageBlock[];
  /** Vector drawing blocks: a page with no text and no image may still show something. */
  vectorCount: number;
};

export type ImageReadLimits = {
  /** Images with fewer pixels (icons, rules, bullets) are not read. */
  minImagePixels: number;
  minImageSide: number;
  maxImagePixels: number;
};

export type ThreadRequest =
  | { type: 'open'; id: number; data: Uint8Array }
  | { type: 'page'; id: number; index: number; limits: ImageReadLimits }
  | { type: 'render'; id: number; index: number; dpi: number };

export type ErrorSummary = { code: string; message: string };

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'opened'; id: number; pageCount: number; needsPassword: boolean; repaired: boolean }
  | { type: 'page'; id: number; content: PageContent }
  | { type: 'render'; id: number; pixels: RawImage }
  | { type: 'failed'; id: number; error: ErrorSummary };
