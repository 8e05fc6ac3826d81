import { Command, Option } from 'commander';
import { config } from '../../config.ts';
import type { GlossaryProblem } from '../../domain/glossary.ts';
import { formatProblem } from '../../glossary/glossary-problem.ts';
import { describeChange } from '../../glossary/interchange/glossary-diff.ts';
import { importGlossary, type ImportOutcome } from '../../glossary/interchange/import-glossary.ts';
import { INTERCHANGE_FORMATS } from '../../glossary/interchange/interchange-format.ts';
import { recordGlossaryVersion } from '../../glossary/interchange/version-store.ts';
import type { IdOrigin } from '../../glossary/interchange/merge-entries.ts';

const ID_ORIGIN: Record<IdOrigin, string> = { file: 'id from the file', term: 'matched by term', derived: 'new id' };

export function glossaryImportCommand(): Command {
  return new Command('import')
    .description('merge a TBX, CSV or TSV glossary into the glossary files')
    .argument('<file>', 'a .tbx, .csv or .tsv file (UTF-8)')
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addOption(new Option('-f, --format <format>', 'file format (default: from the file name)').choices([...INTERCHANGE_FORMATS]))
    .option('-n, --dry-run', 'show what would be added and changed, write nothing')
    .option('-v, --verbose', 'list the entries left alone too')
    .addHelpText(
      'after',
      [
        '',
        'Entries keep their identity by id; a concept without a termlens id (memoQ numbers them) is the',
        'entry that has its Chinese term, or a new one. Merging adds forms, renderings and sources and',
        'never deletes; the file\'s term, preferred rendering, category, note and term statuses win.',
        `New entries go to glossary/imported.yaml. Problems are printed as file:line: message; on any`,
        'error nothing is written and the exit code is 1.',
      ].join('\n'),
    )
    .action(async (file: string, opts: { glossary: string; format?: string; dryRun?: boolean; verbose?: boolean }) => {
      const outcome = await importGlossary({ glossaryDir: opts.glossary, file, format: opts.format, dryRun: opts.dryRun === true });
      printProblems(outcome.problems);
      const errors = outcome.problems.filter((p) => p.severity === 'error').length;
      if (errors > 0) {
        process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}: nothing imported\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(planText(outcome, opts.verbose === true));
      const versions = `glossary version ${outcome.versionBefore!.slice(0, 12)} → ${outcome.versionAfter!.slice(0, 12)}`;
      await recordVersions(outcome, opts.dryRun !== true);
      if (opts.dryRun) {
        process.stdout.write(`dry run: nothing written (${versions})\n`);
        return;
      }
      if (outcome.files.length === 0) {
        process.stdout.write(`nothing to write: the glossary already says all this (version ${outcome.versionBefore!.slice(0, 12)})\n`);
        return;
      }
      process.stdout.write(`wrote ${outcome.files.join(', ')} (${versions})\n`);
    });
}

function planText(outcome: ImportOutcome, verbose: boolean): string {
  const { plan } = outcome;
  const lines: string[] = [];
  for (const { entry, idOrigin } of plan.added) {
    lines.push(`add       ${entry.id}  ${entry.term}  "${entry.english[0]}"  (${ID_ORIGIN[idOrigin]}) → ${outcome.newEntriesFile}`);
  }
  for (const change of plan.changed) {
    const origin = change.idOrigin === 'term' ? `  (${ID_ORIGIN.term})` : '';
    lines.push(`change    ${change.entry.id}  ${change.entry.term}  ${change.before.file}:${change.before.lineOf(['id'])}${origin}`);
    for (const field of change.fields) lines.push(`            ${describeChange(field)}`);
  }
  if (verbose) for (const { entry } of plan.unchanged) lines.push(`unchanged ${entry.id}  ${entry.term}`);
  lines.push(`${plan.added.length} to add, ${plan.changed.length} to change, ${plan.unchanged.length} left alone (${outcome.format} file)`);
  return `${lines.join('\n')}\n`;
}

function printProblems(problems: readonly GlossaryProblem[]): void {
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
}

/** Both sides of the import, so that `glossary diff` right after it shows what it changed. */
async function recordVersions(outcome: ImportOutcome, written: boolean): Promise<void> {
  try {
    const { dataDir } = config();
    await recordGlossaryVersion({ version: outcome.versionBefore!, entries: outcome.entriesBefore! }, dataDir);
    if (written) await recordGlossaryVersion({ version: outcome.versionAfter!, entries: outcome.entriesAfter! }, dataDir);
  } catch (error) {
    process.stderr.write(`termlens: warning: glossary version not recorded: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
