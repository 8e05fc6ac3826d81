import { z } from 'zod';

/** A note or a reading is typed by a person: no control characters except line breaks and tabs. */
const PersonText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters are not allowed');

/** A reviewer's note on a decision. */
export const NoteSchema = PersonText(4000);

export const CorrectionSchema = z
  .object({
    /** Another glossary entry this span is really an instance of. */
    entryId: z.string().min(1).max(200).optional(),
    /** A different span of the text, in code points. */
    start: z.number().int().nonnegative().optional(),
    end: z.number().int().positive().optional(),
    /** What the span really says, where OCR misread it; the OCR text itself is never changed. */
    reading: PersonText(500).pipe(z.string().min(1)).optional(),
  })
  .strict()
  .refine((c) => (c.start === undefined) === (c.end === undefined), 'give start and end together')
  .refine((c) => c.start === undefined || c.end === undefined || c.start < c.end, 'start must be before end');
export type Correction = z.infer<typeof CorrectionSchema>;

/**
 * A decision on a hit as a reviewer makes it: confirm, reject, or correct with what the hit
 * should have been. Only a correct decision carries a correction, and it must say something.
 */
export const DecisionSchema = z
  .object({
    decision: z.enum(['confirm', 'reject', 'correct']),
    note: NoteSchema.optional(),
    correction: CorrectionSchema.optional(),
  })
  .strict()
  .refine((b) => b.decision === 'correct' || b.correction === undefined, 'only a correct decision carries a correction')
  .refine(
    (b) => b.decision !== 'correct' || (b.correction !== undefined && Object.keys(b.correction).length > 0),
    'a correct decision needs a correction: entryId, start/end or reading',
  );
export type Decision = z.infer<typeof DecisionSchema>;

/** A note of only white space is no note. */
export function noteOf(decision: Decision): string | null {
  return decision.note?.trim() ? decision.note : null;
}
