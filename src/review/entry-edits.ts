import { EntryIdSchema, GlossaryEntrySchema } from '../domain/glossary.ts';
import type { GlossaryEdit, GlossaryService } from './glossary-service.ts';
import { notFound, ReviewRefusal } from './review-refusal.ts';
import type { ReviewAudit } from './review-service.ts';

export type EntryEditInput = {
  id: string;
  /** The entry's fields but its id, as the admin sent them; checked here against the glossary's schema. */
  fields: Readonly<Record<string, unknown>>;
  /** Adding a new entry (its id must be free) or changing one (it must exist). */
  creating: boolean;
};

/**
 * The rules of a glossary edit: an id is a glossary id; a new entry takes a free id and a change
 * an existing one; the entry must be a valid glossary entry (a value holding "|", the list
 * separator of the interchange files, is not); the merge may still refuse it (a term that is
 * another entry's form), which is audited, as is every edit that went through.
 */
export async function editEntry(glossary: GlossaryService, input: EntryEditInput, audit: ReviewAudit): Promise<GlossaryEdit> {
  const { id, creating } = input;
  if (!EntryIdSchema.safeParse(id).success) throw new ReviewRefusal('bad-entry', 'BAD_ENTRY_ID', 'an id is lowercase ascii words joined by hyphens');
  if (creating && glossary.entry(id)) throw new ReviewRefusal('entry-exists', 'ENTRY_EXISTS', `entry "${id}" exists; edit it with PUT`);
  if (!creating && !glossary.entry(id)) throw notFound('glossary entry');
  const parsed = GlossaryEntrySchema.safeParse({ id, ...input.fields });
  if (!parsed.success) {
    throw new ReviewRefusal('bad-entry', 'BAD_ENTRY', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  let outcome: GlossaryEdit;
  try {
    outcome = await glossary.edit(parsed.data);
  } catch (error) {
    if (error instanceof RangeError) throw new ReviewRefusal('bad-entry', 'BAD_ENTRY', error.message);
    throw error;
  }
  const errors = outcome.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    await audit('glossary.edit_refused', id, { problems: errors.map((p) => p.message) });
    throw new ReviewRefusal('edit-refused', 'GLOSSARY_EDIT_REFUSED', errors.map((p) => p.message).join('; '));
  }
  await audit(creating ? 'glossary.entry_added' : 'glossary.entry_changed', id, {
    versionBefore: outcome.versionBefore,
    versionAfter: outcome.versionAfter,
    changed: outcome.changed,
  });
  return outcome;
}
