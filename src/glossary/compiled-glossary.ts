import { surfaceForms, type Glossary, type GlossaryEntry } from '../domain/glossary.ts';
import { GlossaryMatcher } from '../matching/glossary-matcher.ts';

/** Part-of-speech tags for glossary words taught to the segmenter (jieba's tag set). */
const POS_BY_CATEGORY: Record<GlossaryEntry['category'], string> = {
  institution: 'nt',
  organisation: 'nt',
  programme: 'nz',
  place: 'ns',
  role: 'n',
  concept: 'n',
  action: 'v',
  slogan: 'l',
};

/** A glossary made ready for matching: built once, shared by every document in a run. */
export type CompiledGlossary = {
  version: string;
  entries: ReadonlyMap<string, GlossaryEntry>;
  matcher: GlossaryMatcher;
  /** Every form's simplified fold, so the segmenter keeps terms whole. */
  segmenterWords: { word: string; pos: string }[];
  /** Every surface form as written (both scripts), for OCR engines that can be told what to expect. */
  surfaceForms: string[];
};

export function compileGlossary(glossary: Glossary): CompiledGlossary {
  const entries = new Map(glossary.entries.map((e) => [e.id, e]));
  const words = new Map<string, string>();
  for (const form of glossary.forms) {
    const entry = entries.get(form.entryId);
    if (entry) words.set(form.simplified, POS_BY_CATEGORY[entry.category]);
  }
  return {
    version: glossary.version,
    entries,
    matcher: new GlossaryMatcher(glossary),
    segmenterWords: [...words].map(([word, pos]) => ({ word, pos })),
    surfaceForms: surfaceForms(glossary),
  };
}
