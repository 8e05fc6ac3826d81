import { z } from 'zod';
import { BoxSchema } from './geometry.ts';
import { TermStatusSchema } from './glossary.ts';

/**
 * How a hit was found: the term or its traditional form, a listed variant, or one misread
 * character. `possible` is no claim that the term is there: a short term with one character
 * read as a known lookalike (聘清 for 聘请), shown so that a translator can check a place where
 * the term may have been missed; counted apart from the other kinds.
 */
export const HitKindSchema = z.enum(['exact', 'variant', 'fuzzy', 'possible']);
export type HitKind = z.infer<typeof HitKindSchema>;

/** A glossary term found in a document's text. Offsets are Unicode code points into `text`. */
export const HitSchema = z.object({
  entryId: z.string(),
  /** Canonical simplified form of the glossary term. */
  term: z.string(),
  /** Preferred English rendering. */
  english: z.string(),
  category: z.string(),
  /** The text exactly as it stands in the document between start and end (line breaks included). */
  matched: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  kind: HitKindSchema,
  confidence: z.number().min(0).max(1),
  /** The glossary form that matched (for a fuzzy hit, the form it is one character away from). */
  form: z.string(),
  /**
   * Set only when the matched form is deprecated: the text still says it (evidence), but a
   * translator should use `preferred`. Absent, the form is preferred or admitted (see `kind`).
   */
  status: TermStatusSchema.optional(),
  /** The entry's preferred term, set together with `status`, so the review page can show it. */
  preferred: z.string().optional(),
  /** Region of the image holding the hit, in image pixels; absent for plain text. */
  bbox: BoxSchema.optional(),
  /** One box per line when the term wraps across lines. */
  boxes: z.array(BoxSchema).optional(),
});
export type Hit = z.infer<typeof HitSchema>;

/** A segmentation token, offsets in code points into `text`. */
export const TokenSchema = z.object({
  word: z.string(),
  pos: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Token = z.infer<typeof TokenSchema>;
