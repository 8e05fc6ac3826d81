import { Command } from 'commander';
import { errorSummary, TermlensError } from '../errors.ts';
import { annotateCommand } from './commands/annotate.ts';
import { glossaryCommand } from './commands/glossary.ts';
import { ocrCommand } from './commands/ocr.ts';
import { tagCommand } from './commands/tag.ts';

function buildProgram(): Command {
  const program = new Command('termlens')
    .description('Screenshots of Chinese-language sources → glossary hits and W3C annotations')
    .addCommand(annotateCommand())
    .addCommand(tagCommand())
    .addCommand(ocrCommand())
    .addCommand(glossaryCommand());
  // addCommand, unlike .command(), copies no settings into the subcommand: without this,
  // `termlens annotate --bogus` would print the error but not the usage.
  const showUsageAfterError = (command: Command): void => {
    command.showHelpAfterError();
    command.commands.forEach(showUsageAfterError);
  };
  showUsageAfterError(program);
  return program;
}

try {
  // Built inside the try: option defaults read config(), and a bad TERMLENS_* variable must
  // end in a one-line config error, not a stack trace.
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // A person gets the reason, not a stack trace; TERMLENS_DEBUG is for developers.
  const { code, message } = errorSummary(error);
  const kind = error instanceof TermlensError ? `${error.kind} error` : 'internal error';
  process.stderr.write(`termlens: ${kind} ${code}: ${message}\n`);
  process.exitCode = error instanceof TermlensError && error.kind === 'input' ? 1 : 2;
}
