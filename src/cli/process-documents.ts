import { errorSummary } from '../errors.ts';
import { isFailure, type DocumentOutcome, type DocumentResult } from '../domain/document-result.ts';
import type { OutputFormat } from './output-format.ts';
import { startProgress } from './progress.ts';
import { renderOutcome } from './render-table.ts';
import { runInOrder } from './run-in-order.ts';

/**
 * Runs one document pipeline over many files and prints each outcome in input order. A file
 * that fails becomes an `{source, error}` object and the run goes on; the return value says
 * whether any failed, for the exit code.
 */
export async function processDocuments(
  paths: readonly string[],
  options: { format: OutputFormat; concurrency: number },
  process: (path: string) => Promise<DocumentResult>,
): Promise<{ failed: number }> {
  const progress = startProgress(paths.length);
  let failed = 0;
  await runInOrder(
    paths,
    options.concurrency,
    async (path): Promise<DocumentOutcome> => {
      try {
        return await process(path);
      } catch (error) {
        return { source: { path }, error: errorSummary(error) };
      }
    },
    (outcome, index) => {
      const didFail = isFailure(outcome);
      if (didFail) failed++;
      progress.tick(paths[index]!, didFail);
      writeOutcome(outcome, options.format);
    },
  );
  progress.stop();
  return { failed };
}

function writeOutcome(outcome: DocumentOutcome, format: OutputFormat): void {
  if (format === 'jsonl') {
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    return;
  }
  // Errors go to stderr too, so a person piping the table to a file still sees them.
  if (isFailure(outcome)) process.stderr.write(renderOutcome(outcome));
  else process.stdout.write(renderOutcome(outcome));
}
