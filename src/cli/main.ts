import { Command } from 'commander';
import { errorSummary, TermlensError } from '../errors.ts';
import { annotateCommand } from './commands/annotate.ts';
import { batchCommand } from './commands/batch.ts';
import { exportCommand } from './commands/export.ts';
import { failuresCommand } from './commands/failures.ts';
import { retagCommand } from './commands/retag.ts';
import { retryCommand } from './commands/retry.ts';
import { statusCommand } from './commands/status.ts';
import { workerCommand } from './commands/worker.ts';
import { glossaryCommand } from './commands/glossary.ts';
import { ocrCommand } from './commands/ocr.ts';
import { tagCommand } from './commands/tag.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCommand } from './commands/token.ts';

function buildProgram(): Command {
  const program = new Command('termlens')
    .description('Screenshots of Chinese-language sources → glossary hits and W3C annotations')
    .addCommand(annotateCommand())
    .addCommand(tagCommand())
    .addCommand(ocrCommand())
    .addCommand(glossaryCommand())
    .addCommand(workerCommand())
    .addCommand(batchCommand())
    .addCommand(statusCommand())
    .addCommand(failuresCommand())
    .addCommand(retryCommand())
    .addCommand(exportCommand())
    .addCommand(retagCommand())
    .addCommand(serveCommand())
    .addCommand(tokenCommand());
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
