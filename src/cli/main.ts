import { Command } from 'commander';
import { errorSummary, TermlensError } from '../errors.ts';
import { annotateCommand } from './commands/annotate.ts';
import { glossaryCommand } from './commands/glossary.ts';
import { ocrCommand } from './commands/ocr.ts';
import { tagCommand } from './commands/tag.ts';

const program = new Command('termlens')
  .description('Screenshots of Chinese-language sources → glossary hits and W3C annotations')
  .showHelpAfterError()
  .addCommand(annotateCommand())
  .addCommand(tagCommand())
  .addCommand(ocrCommand())
  .addCommand(glossaryCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A person gets the reason, not a stack trace; TERMLENS_DEBUG is for developers.
  const { code, message } = errorSummary(error);
  const kind = error instanceof TermlensError ? `${error.kind} error` : 'internal error';
  process.stderr.write(`termlens: ${kind} ${code}: ${message}\n`);
  process.exitCode = error instanceof TermlensError && error.kind === 'input' ? 1 : 2;
}
