import { z } from 'zod';

export const CATEGORIES = [
  'institution', // 公安部, 统战部, 中央纪委 …
  'programme', // 天网, 猎狐, 警侨驿站 as a scheme …
  'role', // 侨领, 海外联络员 …
  'action', // 聘请, 劝返, 授牌 …
  'place', // 青田, 温州 …
  'slogan', // 以侨治侨, 走出去 …
  'organisation', // 侨团, 侨联 …
  'concept', // 维稳, 统战 …
] as const;

export const CategorySchema = z.enum(CATEGORIES);

/** Stable ids survive renames of the term itself: lowercase ASCII words joined by hyphens. */
export const EntryIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be lowercase ascii words joined by hyphens');

/**
 * How a translator may use a form (the TBX administrativeStatus values). The canonical term and
 * its traditional forms are preferred, variants admitted; a deprecated form is still matched,
 * because finding it is evidence, but its hits say it should not be used.
 */
export const TERM_STATUSES = ['preferred', 'admitted', 'deprecated'] as const;
export const TermStatusSchema = z.enum(TERM_STATUSES);
export type TermStatus = z.infer<typeof TermStatusSchema>;

const HanText = z
  .string()
  .min(1)
  .refine((s) => s.trim() === s && !/\s/.test(s), 'must not contain whitespace');

/** One glossary entry as written in glossary/*.yaml. */
export const GlossaryEntrySchema = z
  .object({
    id: EntryIdSchema,
    /** Canonical term in simplified script: the form every match is reported under. */
    term: HanText,
    /** Traditional forms written by hand; the opencc-derived form is added automatically. */
    traditional: z.array(HanText).default([]),
    /** Other spellings, abbreviations and near-synonyms, in any script. */
    variants: z.array(HanText).default([]),
    /**
     * Deprecated or forbidden forms, in any script: matched like variants, flagged on their hits.
     * Optional rather than defaulted so that code building entries by hand needs no change.
     */
    deprecated: z.array(HanText).optional(),
    /** English renderings, preferred first. */
    english: z.array(z.string().min(1)).min(1),
    category: CategorySchema,
    /** Translator's note: ambiguity, connotation, how the seeds use it. */
    note: z.string().min(1).optional(),
    /** Seed investigation(s) the entry comes from, by file stem, e.g. 002_d9a3951b2287d1f7. */
    source: z.array(z.string().min(1)).min(1),
  })
  .strict();

export type GlossaryEntryInput = z.input<typeof GlossaryEntrySchema>;
export type GlossaryEntry = z.output<typeof GlossaryEntrySchema>;

/** A glossary file is a YAML mapping with a list of entries. */
export const GlossaryFileSchema = z
  .object({
    entries: z.array(z.unknown()),
  })
  .strict();

/** How a surface form relates to its entry. */
export const FORM_KINDS = ['canonical', 'traditional', 'variant'] as const;

export const GlossaryFormSchema = z.object({
  /** The text as it may stand in a document. */
  form: z.string().min(1),
  entryId: EntryIdSchema,
  kind: z.enum(FORM_KINDS),
  /** The form folded to simplified one code point at a time, so offsets survive folding. */
  simplified: z.string().min(1),
  /** Set only for deprecated forms; every other form is preferred or admitted as its kind says. */
  status: z.literal('deprecated').optional(),
});

export type GlossaryForm = z.infer<typeof GlossaryFormSchema>;

/** The loaded glossary: entries with traditional forms completed, and every form a matcher should know. */
export const GlossarySchema = z.object({
  entries: z.array(GlossaryEntrySchema),
  /** sha256 of the normalised entries: unchanged by reordering or reformatting the YAML. */
  version: z.string().regex(/^[0-9a-f]{64}$/),
  forms: z.array(GlossaryFormSchema),
});

export type Glossary = z.infer<typeof GlossarySchema>;

/** Every form as written (both scripts), once each: what OCR engines are told to expect. */
export function surfaceForms(glossary: Pick<Glossary, 'forms'>): string[] {
  return [...new Set(glossary.forms.map((form) => form.form))];
}

/** A problem found while checking glossary files; line is 1-based and absent for problems about a whole file or folder. */
export const GlossaryProblemSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive().optional(),
  severity: z.enum(['error', 'warning']),
  message: z.string().min(1),
});

export type GlossaryProblem = z.infer<typeof GlossaryProblemSchema>;
