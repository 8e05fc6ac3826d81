import { z } from 'zod';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const MEDIA_FRAGMENTS_SPEC = 'http://www.w3.org/TR/media-frags/';
/** PDF fragment identifiers (RFC 8118, section 3): `page=N&viewrect=left,top,wd,ht`. */
export const PDF_FRAGMENT_SPEC = 'http://tools.ietf.org/rfc/rfc8118';

export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
});

export const TextPositionSelectorSchema = z.object({
  type: z.literal('TextPositionSelector'),
  /** Code points, not UTF-16 units. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

export const FragmentSelectorSchema = z.object({
  type: z.literal('FragmentSelector'),
  conformsTo: z.literal(MEDIA_FRAGMENTS_SPEC),
  value: z.string().regex(/^xywh=pixel:\d+,\d+,\d+,\d+$/),
});

const POINTS = String.raw`\d+(?:\.\d+)?`;

/**
 * A region of a PDF page: the page number (1-based) and a rectangle in PDF points measured from
 * the top left corner of the page as displayed (its crop box, rotation applied), as the PDF
 * open parameters that RFC 8118 refers to define viewrect.
 */
export const PdfFragmentSelectorSchema = z.object({
  type: z.literal('FragmentSelector'),
  conformsTo: z.literal(PDF_FRAGMENT_SPEC),
  value: z.string().regex(new RegExp(`^page=[1-9]\\d*&viewrect=${POINTS},${POINTS},${POINTS},${POINTS}$`)),
});

const SpecificResourceSchema = z.object({
  type: z.literal('SpecificResource'),
  source: z.string(),
  selector: z
    .array(z.union([TextQuoteSelectorSchema, TextPositionSelectorSchema, FragmentSelectorSchema, PdfFragmentSelectorSchema]))
    .min(1),
});

/**
 * W3C Web Annotation (https://www.w3.org/TR/annotation-model/) for one glossary hit. A `possible`
 * hit is no tag: its motivation is `questioning` (is the term here, misread?), with a body that
 * asks it, so that a consumer counting tags never counts it.
 */
export const WebAnnotationSchema = z.object({
  '@context': z.literal(ANNOTATION_CONTEXT),
  id: z.string(),
  type: z.literal('Annotation'),
  motivation: z.enum(['tagging', 'questioning']),
  generator: z.object({ id: z.string(), type: z.literal('Software'), name: z.string() }),
  body: z.array(
    z.union([
      z.object({
        type: z.literal('SpecificResource'),
        purpose: z.literal('tagging'),
        source: z.string(),
      }),
      z.object({
        type: z.literal('TextualBody'),
        purpose: z.enum(['tagging', 'describing', 'questioning']),
        value: z.string(),
        language: z.string(),
        format: z.literal('text/plain'),
      }),
    ]),
  ),
  target: z.array(SpecificResourceSchema).min(1),
});
export type WebAnnotation = z.infer<typeof WebAnnotationSchema>;
