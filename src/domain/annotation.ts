import { z } from 'zod';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const MEDIA_FRAGMENTS_SPEC = 'http://www.w3.org/TR/media-frags/';

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

const SpecificResourceSchema = z.object({
  type: z.literal('SpecificResource'),
  source: z.string(),
  selector: z.array(z.union([TextQuoteSelectorSchema, TextPositionSelectorSchema, FragmentSelectorSchema])).min(1),
});

/** W3C Web Annotation (https://www.w3.org/TR/annotation-model/) for one glossary hit. */
export const WebAnnotationSchema = z.object({
  '@context': z.literal(ANNOTATION_CONTEXT),
  id: z.string(),
  type: z.literal('Annotation'),
  motivation: z.literal('tagging'),
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
        purpose: z.enum(['tagging', 'describing']),
        value: z.string(),
        language: z.string(),
        format: z.literal('text/plain'),
      }),
    ]),
  ),
  target: z.array(SpecificResourceSchema).min(1),
});
export type WebAnnotation = z.infer<typeof WebAnnotationSchema>;
