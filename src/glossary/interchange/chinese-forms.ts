import * as OpenCC from 'opencc-js';
import type { GlossaryEntry, TermStatus } from '../../domain/glossary.ts';
import { derivedTraditional, foldToSimplified } from '../glossary-forms.ts';
import type { TraditionalVariant } from './language-tags.ts';

/** A Chinese form as an exchange file lists it: under which script, with which status. */
export type ScriptForm = { form: string; status: TermStatus };

/**
 * The Chinese forms of a loaded (completed) entry laid out per script, as TBX langSecs need them.
 * zh-Hans holds every form written in simplified script; zh-Hant every traditional form,
 * derived by opencc or written by hand, and forms that look the same in both scripts (青田),
 * so that a CAT tool working on a Taiwan text finds them too.
 */
export function formsByScript(entry: GlossaryEntry): { simplified: ScriptForm[]; traditional: ScriptForm[] } {
  const simplified = new FormList();
  const traditional = new FormList();
  const isSimplified = (form: string): boolean => foldToSimplified(form) === form;
  const variants = entry.variants;
  const deprecated = entry.deprecated ?? [];

  simplified.add(entry.term, 'preferred');
  for (const form of variants) if (isSimplified(form)) simplified.add(form, 'admitted');
  for (const form of deprecated) if (isSimplified(form)) simplified.add(form, 'deprecated');

  // opencc's standard form is the preferred traditional term; hand-written ones are alternatives.
  const termFold = foldToSimplified(entry.term);
  const termTraditional = [...derivedTraditional(entry.term), ...entry.traditional.filter((f) => foldToSimplified(f) === termFold)];
  if (termTraditional.length === 0 && isSimplified(entry.term) && derivedTraditional(entry.term).length === 0) termTraditional.push(entry.term);
  termTraditional.forEach((form, i) => {
    traditional.add(form, i === 0 ? 'preferred' : 'admitted');
  });
  for (const form of entry.traditional) traditional.add(form, 'admitted');
  for (const form of variants) addTraditional(traditional, form, 'admitted');
  for (const form of deprecated) addTraditional(traditional, form, 'deprecated');
  return { simplified: simplified.forms, traditional: traditional.forms };
}

function addTraditional(list: FormList, form: string, status: TermStatus): void {
  const derived = derivedTraditional(form);
  if (foldToSimplified(form) !== form || derived.length === 0) list.add(form, status);
  for (const other of derived) list.add(other, status);
}

class FormList {
  readonly forms: ScriptForm[] = [];
  private readonly seen = new Set<string>();

  add(form: string, status: TermStatus): void {
    if (this.seen.has(form)) return;
    this.seen.add(form);
    this.forms.push({ form, status });
  }
}

/** A Chinese form read from a file, with its line. */
export type ReadForm = ScriptForm & { line: number };

export type ClassifiedForms = {
  term: ReadForm;
  traditional: ReadForm[];
  variants: ReadForm[];
  deprecated: ReadForm[];
  /** Set when the term had to be converted from a traditional one. */
  convertedFrom?: ReadForm;
  /** Traditional forms that contradict the status of the form opencc derives them from. */
  conflicts: { form: ReadForm; source: string; sourceStatus: TermStatus }[];
};

const toSimplified: Record<TraditionalVariant, (text: string) => string> = {
  t: OpenCC.Converter({ from: 't', to: 'cn' }),
  tw: OpenCC.Converter({ from: 'tw', to: 'cn' }),
  hk: OpenCC.Converter({ from: 'hk', to: 'cn' }),
};

/**
 * Puts the forms of a concept into termlens's fields, the inverse of formsByScript: the first
 * preferred simplified form is the term (without one, the preferred traditional form converted
 * by opencc); traditional forms that opencc derives are dropped (they
 * are derived again on load), the others go under `traditional` when they are a traditional
 * spelling of the term or a variant and under `variants` otherwise. Undefined when the concept
 * has no preferred simplified form and no traditional form that is not deprecated.
 */
export function classifyForms(
  simplified: readonly ReadForm[],
  traditional: readonly ReadForm[],
  variant: TraditionalVariant = 't',
): ClassifiedForms | undefined {
  let convertedFrom: ReadForm | undefined;
  let hans = simplified;
  let term = simplified.find((f) => f.status === 'preferred');
  if (term === undefined) {
    // A zh-TW-only termbase still names the concept: its simplified term is converted by opencc.
    const source = traditional.find((f) => f.status === 'preferred') ?? traditional.find((f) => f.status !== 'deprecated');
    if (source === undefined) return undefined;
    convertedFrom = source;
    term = { form: toSimplified[variant](source.form), status: 'preferred', line: source.line };
    hans = [term, ...simplified];
  }
  const accepted = hans.filter((f) => f.status !== 'deprecated');
  const variants = accepted.filter((f) => f !== term && f.form !== term.form);
  const deprecated = hans.filter((f) => f.status === 'deprecated');

  const written = new Map<string, TermStatus>();
  for (const f of [term, ...variants]) if (!written.has(f.form)) written.set(f.form, 'admitted');
  for (const f of deprecated) if (!written.has(f.form)) written.set(f.form, 'deprecated');
  const derived = new Map<string, { source: string; status: TermStatus }>();
  for (const [form, status] of written) {
    for (const d of derivedTraditional(form)) if (!derived.has(d)) derived.set(d, { source: form, status });
  }
  const acceptedFolds = new Set([term, ...variants].map((f) => foldToSimplified(f.form)));

  const result: ClassifiedForms = { term, traditional: [], variants: [...variants], deprecated: [...deprecated], conflicts: [] };
  if (convertedFrom) result.convertedFrom = convertedFrom;
  for (const f of traditional) {
    if (f === convertedFrom) continue;
    const isDeprecated = f.status === 'deprecated';
    const origin = derived.get(f.form) ?? (written.has(f.form) ? { source: f.form, status: written.get(f.form)! } : undefined);
    if (origin !== undefined) {
      if ((origin.status === 'deprecated') !== isDeprecated) result.conflicts.push({ form: f, source: origin.source, sourceStatus: origin.status });
      continue;
    }
    if (isDeprecated) result.deprecated.push(f);
    else if (acceptedFolds.has(foldToSimplified(f.form))) result.traditional.push(f);
    else result.variants.push(f);
  }
  return result;
}
