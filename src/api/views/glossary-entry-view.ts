import { z } from 'zod';
import { CategorySchema, type GlossaryEntry } from '../../domain/glossary.ts';

export const GlossaryEntryViewSchema = z.object({
  id: z.string(),
  term: z.string(),
  traditional: z.array(z.string()),
  variants: z.array(z.string()),
  deprecated: z.array(z.string()),
  english: z.array(z.string()),
  category: CategorySchema,
  note: z.string().nullable(),
  source: z.array(z.string()),
});
export type GlossaryEntryView = z.infer<typeof GlossaryEntryViewSchema>;

export function toGlossaryEntryView(e: GlossaryEntry): GlossaryEntryView {
  return {
    id: e.id,
    term: e.term,
    traditional: e.traditional,
    variants: e.variants,
    deprecated: e.deprecated ?? [],
    english: e.english,
    category: e.category,
    note: e.note ?? null,
    source: e.source,
  };
}
