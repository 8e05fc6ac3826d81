import type { GlossaryEntry, GlossaryForm } from '../domain/glossary.ts';
import { simplifyChar } from '../script/han-script.ts';
import { openccConverter } from '../script/opencc-converter.ts';

/**
 * Phrase-level conversion, unlike the per-character conversion used for matching offsets: a
 * whole term converted as a phrase picks the right character where one simplified character
 * stands for several traditional ones (联系 → 聯繫, not 聯係).
 */
const toTraditional = [openccConverter('s2t'), openccConverter('s2tw'), openccConverter('s2hk')];

const HAN = /\p{Script=Han}/u;

export function hanLength(text: string): number {
  let count = 0;
  for (const ch of text) if (HAN.test(ch)) count += 1;
  return count;
}

/** Folded one code point at a time so that positions in the fold are positions in the original. */
export function foldToSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += simplifyChar(ch);
  return out;
}

/** Standard, Taiwan and Hong Kong traditional forms of a text, without the text itself. */
export function derivedTraditional(text: string): string[] {
  const forms = new Set<string>();
  for (const convert of toTraditional) {
    const form = convert(text);
    if (form && form !== text) forms.add(form);
  }
  return [...forms];
}

export type FieldPath = readonly (string | number)[];

/** A form together with the field it comes from, so that problems can point at a line. */
export type SourcedForm = {
  form: string;
  kind: GlossaryForm['kind'];
  path: FieldPath;
  /** The written form this one was converted from, when opencc produced it. */
  derivedFrom?: string;
  /** Set for deprecated forms and their opencc forms. */
  status?: 'deprecated';
};

/** Every form of an entry in priority order (canonical, traditional, variant, deprecated); duplicates are kept. */
export function sourcedForms(entry: GlossaryEntry): SourcedForm[] {
  const forms: SourcedForm[] = [{ form: entry.term, kind: 'canonical', path: ['term'] }];
  const termFold = foldToSimplified(entry.term);
  // A hand-written traditional form of a variant (統一戰綫工作 for 统一战线工作) is a variant when matched.
  entry.traditional.forEach((form, i) => {
    const kind = foldToSimplified(form) === termFold ? 'traditional' : 'variant';
    forms.push({ form, kind, path: ['traditional', i] });
  });
  for (const form of derivedTraditional(entry.term)) {
    forms.push({ form, kind: 'traditional', path: ['term'], derivedFrom: entry.term });
  }
  entry.variants.forEach((form, i) => {
    forms.push({ form, kind: 'variant', path: ['variants', i] });
  });
  entry.variants.forEach((variant, i) => {
    for (const form of derivedTraditional(variant)) {
      forms.push({ form, kind: 'variant', path: ['variants', i], derivedFrom: variant });
    }
  });
  // Deprecated forms are matched as variants (they are evidence); the status only flags their hits.
  const deprecated = entry.deprecated ?? [];
  deprecated.forEach((form, i) => {
    forms.push({ form, kind: 'variant', path: ['deprecated', i], status: 'deprecated' });
  });
  deprecated.forEach((written, i) => {
    for (const form of derivedTraditional(written)) {
      forms.push({ form, kind: 'variant', path: ['deprecated', i], derivedFrom: written, status: 'deprecated' });
    }
  });
  return forms;
}

/** The entry with its traditional forms completed from the canonical term. */
export function completeEntry(entry: GlossaryEntry): GlossaryEntry {
  const traditional = unique([...entry.traditional, ...derivedTraditional(entry.term)]).filter((f) => f !== entry.term);
  return { ...entry, traditional };
}

/** The distinct forms a matcher should look for; a form listed twice keeps its first (strongest) kind. */
export function entryForms(entry: GlossaryEntry): GlossaryForm[] {
  const seen = new Set<string>();
  const forms: GlossaryForm[] = [];
  for (const { form, kind, status } of sourcedForms(entry)) {
    if (seen.has(form)) continue;
    seen.add(form);
    const glossaryForm: GlossaryForm = { form, entryId: entry.id, kind, simplified: foldToSimplified(form) };
    if (status) glossaryForm.status = status;
    forms.push(glossaryForm);
  }
  return forms;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
