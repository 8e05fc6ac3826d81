import { Command } from 'commander';
import { config } from '../../config.ts';
import { checkGlossary } from '../../glossary/check-glossary.ts';
import { formatProblem } from '../../glossary/glossary-problem.ts';
import { loadRecordedGlossary } from '../../glossary/interchange/load-recorded-glossary.ts';
import { glossaryDiffCommand } from './glossary-diff.ts';
import { glossaryExportCommand } from './glossary-export.ts';
import { glossaryImportCommand } from './glossary-import.ts';
import { glossaryVersionsCommand } from './glossary-versions.ts';

export function glossaryCommand(): Command {
  const glossary = new Command('glossary').description('work with the curated glossary');
  glossary
    .command('check')
    .description('validate the glossary files; problems are printed as file:line: message')
    .option('-g, --glossary <dir>', 'glossary directory', config().glossaryDir)
    .addHelpText('after', '\nExit code 1 when there is any error (warnings alone pass).')
    .action(async (opts: { glossary: string }) => {
      const problems = await checkGlossary(opts.glossary);
      for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
      const errors = problems.filter((p) => p.severity === 'error').length;
      if (errors > 0) {
        process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}\n`);
        process.exitCode = 1;
        return;
      }
      const loaded = await loadRecordedGlossary(opts.glossary, config().dataDir);
      process.stdout.write(
        `glossary ok: ${loaded.entries.length} entries, ${loaded.forms.length} forms, version ${loaded.version.slice(0, 12)}\n`,
      );
    });
  glossary
    .addCommand(glossaryImportCommand())
    .addCommand(glossaryExportCommand())
    .addCommand(glossaryDiffCommand())
    .addCommand(glossaryVersionsCommand());
  return glossary;
}
