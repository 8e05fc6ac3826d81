import { Command } from 'commander';
import { errorSummary, TermlensError } from '../errors.ts';

/**
 * Each command's module, loaded only when that command runs. Importing them all would load
 * every dependency of every command into each process: a worker would hold the HTTP server,
 * the glossary interchange and the rest, resident for days, for nothing.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  annotate: async () => (await import('./commands/annotate.ts')).annotateCommand(),
  tag: async () => (await import('./commands/tag.ts')).tagCommand(),
  ocr: async () => (await import('./commands/ocr.ts')).ocrCommand(),
  glossary: async () => (await import('./commands/glossary.ts')).glossaryCommand(),
  worker: async () => (await import('./commands/worker.ts')).workerCommand(),
  batch: async () => (await import('./commands/batch.ts')).batchCommand(),
  status: async () => (await import('./commands/status.ts')).statusCommand(),
  failures: async () => (await import('./commands/failures.ts')).failuresCommand(),
  retry: async () => (await import('./commands/retry.ts')).retryCommand(),
  export: async () => (await import('./commands/export.ts')).exportCommand(),
  retag: async () => (await import('./commands/retag.ts')).retagCommand(),
  serve: async () => (await import('./commands/serve.ts')).serveCommand(),
  token: async () => (await import('./commands/token.ts')).tokenCommand(),
  backup: async () => (await import('./commands/backup.ts')).backupCommand(),
  restore: async () => (await import('./commands/restore.ts')).restoreCommand(),
  review: async () => (await import('./commands/review.ts')).reviewCommand(),
  search: async () => (await import('./commands/search.ts')).searchCommand(),
};

/**
 * The program with the command being run, or with every command (in the order above) when
 * none is named, for `termlens --help`, `termlens help …` and the unknown-command error,
 * which list them all.
 */
async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('termlens').description('Screenshots of Chinese-language sources → glossary hits and W3C annotations');
  const name = argv[2];
  const loaders = name !== undefined && Object.hasOwn(COMMANDS, name) ? [COMMANDS[name]!] : Object.values(COMMANDS);
  for (const load of loaders) program.addCommand(await load());
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
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (error) {
  // A person gets the reason, not a stack trace; TERMLENS_DEBUG is for developers.
  const { code, message } = errorSummary(error);
  const kind = error instanceof TermlensError ? `${error.kind} error` : 'internal error';
  process.stderr.write(`termlens: ${kind} ${code}: ${message}\n`);
  process.exitCode = error instanceof TermlensError && error.kind === 'input' ? 1 : 2;
}
