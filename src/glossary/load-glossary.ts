import type { Glossary } from '../domain/glossary.ts';
import { ConfigError } from '../errors.ts';
import { inspectGlossaryDir } from './check-glossary.ts';
import { completeEntry, entryForms } from './glossary-forms.ts';
import { formatProblem } from './glossary-problem.ts';
import { glossaryVersion } from './glossary-version.ts';

export { checkGlossary } from './check-glossary.ts';

/**
 * Loads every glossary file in the folder. Any error stops loading with all problems listed at
 * once: a glossary that silently drops a broken entry would silently drop its hits too.
 */
export async function loadGlossary(dir: string): Promise<Glossary> {
  const { entries, problems } = await inspectGlossaryDir(dir);
  if (problems.some((p) => p.severity === 'error')) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    throw new ConfigError(
      'GLOSSARY_INVALID',
      `glossary has ${errors} error(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
  const completed = entries.map(({ entry }) => completeEntry(entry));
  return {
    entries: completed,
    version: glossaryVersion(completed),
    forms: completed.flatMap(entryForms),
  };
}
