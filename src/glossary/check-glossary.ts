import type { GlossaryEntry, GlossaryProblem } from '../domain/glossary.ts';
import { derivedTraditional, foldToSimplified, hanLength, sourcedForms, type FieldPath, type SourcedForm } from './glossary-forms.ts';
import { compareProblems } from './glossary-problem.ts';
import { readGlossaryFiles, type LocatedEntry } from './read-glossary-files.ts';

/** Shorter forms match inside too many unrelated words (侨, 警) to be worth a translator's time. */
const MIN_HAN_LENGTH = 2;

export type InspectedGlossary = { entries: LocatedEntry[]; problems: GlossaryProblem[] };

/** Reads the glossary folder and runs every check; problems are sorted by file and line. */
export async function inspectGlossaryDir(dir: string): Promise<InspectedGlossary> {
  const { entries, problems } = await readGlossaryFiles(dir);
  problems.push(...checkEntries(entries));
  problems.sort(compareProblems);
  return { entries, problems };
}

/** Every problem in the glossary folder, errors and warnings, as `file:line` locations. */
export async function checkGlossary(dir: string): Promise<GlossaryProblem[]> {
  return (await inspectGlossaryDir(dir)).problems;
}

const FIELD_LABELS: Record<string, string> = {
  term: 'term',
  traditional: 'traditional form',
  variants: 'variant',
  deprecated: 'deprecated form',
};

type Claim = { entryIndex: number; entryId: string; form: string; where: string };

/** Checks that need more than one entry or more than the schema: ids, forms shared between entries, scripts. */
export function checkEntries(entries: readonly LocatedEntry[]): GlossaryProblem[] {
  const problems: GlossaryProblem[] = [];
  const error = (file: string, line: number, message: string): void => {
    problems.push({ file, line, severity: 'error', message });
  };
  const warning = (file: string, line: number, message: string): void => {
    problems.push({ file, line, severity: 'warning', message });
  };

  const firstById = new Map<string, string>();
  for (const { entry, file, lineOf } of entries) {
    const where = `${file}:${lineOf(['id'])}`;
    const first = firstById.get(entry.id);
    if (first === undefined) firstById.set(entry.id, where);
    else error(file, lineOf(['id']), `duplicate id "${entry.id}" (first defined at ${first})`);
  }

  // Exact forms and their simplified folds are both claimed: 警僑驛站 in one entry and 警侨驿站 in another
  // would make the same OCR text match two entries.
  const byForm = new Map<string, Claim>();
  const byFold = new Map<string, Claim>();
  const reported = new Set<string>();

  entries.forEach(({ entry, file, lineOf }, entryIndex) => {
    const label = `entry "${entry.id}"`;
    const fold = foldToSimplified;
    const forms = sourcedForms(entry);

    const termFold = fold(entry.term);
    if (termFold !== entry.term) {
      warning(file, lineOf(['term']), `${label}: term "${entry.term}" is not in simplified script (simplified: "${termFold}")`);
    }

    const acceptedFolds = new Set([entry.term, termFold, ...entry.variants.map(fold)]);
    entry.traditional.forEach((form, i) => {
      const formFold = fold(form);
      if (!acceptedFolds.has(formFold)) {
        warning(
          file,
          lineOf(['traditional', i]),
          `${label}: traditional form "${form}" folds to "${formFold}", which is neither the term "${entry.term}" nor a variant`,
        );
      }
    });

    const writtenSeen = new Map<string, string>();
    const derived = new Set<string>();
    for (const sourced of forms) {
      const line = lineOf(sourced.path);
      if (sourced.derivedFrom === undefined) {
        const what = FIELD_LABELS[String(sourced.path[0])] ?? 'form';
        if (hanLength(sourced.form) < MIN_HAN_LENGTH) {
          error(file, line, `${label}: ${what} "${sourced.form}" has fewer than ${MIN_HAN_LENGTH} Han characters and would match inside unrelated words`);
        }
        const earlier = writtenSeen.get(sourced.form);
        // A form both deprecated and accepted is an error, reported below with the other fold clashes.
        if (earlier !== undefined && (earlier === 'deprecated form') === (sourced.status === 'deprecated')) {
          warning(file, line, `${label}: "${sourced.form}" is already listed as the ${earlier}`);
        } else if (earlier === undefined) writtenSeen.set(sourced.form, what);
      } else {
        derived.add(sourced.form);
      }
    }
    entry.traditional.forEach((form, i) => {
      if (derived.has(form)) {
        warning(file, lineOf(['traditional', i]), `${label}: traditional form "${form}" is derived by opencc already; list only forms opencc gets wrong`);
      }
    });

    problems.push(...deprecatedClashes(forms, file, lineOf, label));
    problems.push(...misplacedForms(entry, file, lineOf, label));

    for (const sourced of forms) {
      const line = lineOf(sourced.path);
      const formFold = fold(sourced.form);
      const claim: Claim = { entryIndex, entryId: entry.id, form: sourced.form, where: `${file}:${line}` };
      const exact = byForm.get(sourced.form);
      const other = exact !== undefined && exact.entryIndex !== entryIndex ? exact : byFold.get(formFold);
      if (other !== undefined && other.entryIndex !== entryIndex) {
        const key = `${other.entryIndex}\u0000${entryIndex}\u0000${formFold}`;
        if (!reported.has(key)) {
          reported.add(key);
          const origin = sourced.derivedFrom === undefined ? '' : ` (opencc form of "${sourced.derivedFrom}")`;
          const how =
            other.form === sourced.form
              ? `"${sourced.form}"${origin} is already claimed by entry "${other.entryId}" (${other.where})`
              : `"${sourced.form}"${origin} folds to "${formFold}", which entry "${other.entryId}" already claims as "${other.form}" (${other.where})`;
          error(file, line, `${label}: ${how}`);
        }
      }
      if (!byForm.has(sourced.form)) byForm.set(sourced.form, claim);
      if (!byFold.has(formFold)) byFold.set(formFold, claim);
    }
  });

  return problems;
}

/**
 * The matcher compares simplified folds, so a deprecated form that folds like an accepted form of
 * the same entry could never be flagged: its hits would be reported as the accepted form.
 */
function deprecatedClashes(
  forms: readonly SourcedForm[],
  file: string,
  lineOf: LocatedEntry['lineOf'],
  label: string,
): GlossaryProblem[] {
  const accepted = new Map<string, SourcedForm>();
  for (const sourced of forms) {
    const formFold = foldToSimplified(sourced.form);
    if (sourced.status === undefined && !accepted.has(formFold)) accepted.set(formFold, sourced);
  }
  const problems: GlossaryProblem[] = [];
  const reported = new Set<string>();
  for (const sourced of forms) {
    if (sourced.status !== 'deprecated') continue;
    const formFold = foldToSimplified(sourced.form);
    const other = accepted.get(formFold);
    const key = String(sourced.path[1]);
    if (other === undefined || reported.has(key)) continue;
    reported.add(key);
    const what = `deprecated form "${sourced.derivedFrom ?? sourced.form}"`;
    const otherWhat = `${FIELD_LABELS[String(other.path[0])] ?? 'form'} "${other.form}"${other.derivedFrom === undefined ? '' : ` (opencc form of "${other.derivedFrom}")`}`;
    const how =
      other.form === sourced.form
        ? `${what} is also the entry's ${otherWhat}`
        : `${what}${sourced.derivedFrom === undefined ? '' : ` (as "${sourced.form}")`} folds to "${formFold}" like the entry's ${otherWhat}; matching compares simplified folds, so its hits could not be flagged`;
    problems.push({ file, line: lineOf(sourced.path), severity: 'error', message: `${label}: ${how}` });
  }
  return problems;
}

/**
 * Forms written where an exchange file cannot keep them: TBX has one list of terms per language
 * and no "derived" flag, so an import puts an opencc form nowhere (it is derived again) and a
 * traditional form of the term or a variant under `traditional`. Written that way here, a
 * glossary survives export and import unchanged.
 */
function misplacedForms(entry: GlossaryEntry, file: string, lineOf: LocatedEntry['lineOf'], label: string): GlossaryProblem[] {
  const problems: GlossaryProblem[] = [];
  const warn = (path: FieldPath, message: string): void => {
    problems.push({ file, line: lineOf(path), severity: 'warning', message: `${label}: ${message}` });
  };
  const accepted = [entry.term, ...entry.variants];
  const deprecated = entry.deprecated ?? [];
  entry.variants.forEach((form, i) => {
    const source = accepted.find((other) => other !== form && derivedTraditional(other).includes(form));
    if (source !== undefined) {
      warn(['variants', i], `variant "${form}" is the opencc form of "${source}" and is derived already; list only forms opencc gets wrong`);
      return;
    }
    const formFold = foldToSimplified(form);
    const base = formFold === form ? undefined : accepted.find((other) => other !== form && foldToSimplified(other) === formFold);
    if (base !== undefined) warn(['variants', i], `variant "${form}" is a traditional form of "${base}"; list it under traditional`);
  });
  deprecated.forEach((form, i) => {
    const source = deprecated.find((other) => other !== form && derivedTraditional(other).includes(form));
    if (source !== undefined) warn(['deprecated', i], `deprecated form "${form}" is the opencc form of "${source}" and is deprecated with it already`);
  });
  return problems;
}
