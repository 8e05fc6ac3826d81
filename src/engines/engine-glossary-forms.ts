import { config } from '../config.ts';
import { surfaceForms } from '../domain/glossary.ts';

/**
 * The glossary forms an OCR engine uses (tesseract's user words, rescuing misread terms), loaded
 * once per engine. `option` as the engines take it: the forms themselves, null for none, or
 * undefined to load the glossary from config().glossaryDir. A glossary that cannot be loaded
 * gives none: OCR still works, and tagging reports the glossary's problem.
 */
export function glossaryFormsLoader(option: readonly string[] | null | undefined): () => Promise<string[]> {
  let forms: Promise<string[]> | undefined;
  return () => {
    forms ??= (async () => {
      if (option === null) return [];
      if (option !== undefined) return [...new Set(option)];
      try {
        const { loadGlossary } = await import('../glossary/load-glossary.ts');
        return surfaceForms(await loadGlossary(config().glossaryDir));
      } catch {
        return [];
      }
    })();
    return forms;
  };
}
