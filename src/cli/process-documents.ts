import { errorSummary } from '../errors.ts';
import { isFailure, type DocumentOutcome, type DocumentResult } from '../domain/document-result.ts';
import type { OutputFormat } from './output-format.ts';
import { startProgress } from './progress.ts';
import { renderOutcome } from './render-table.ts';
import { runInOrder } from './run-in-order.ts';
import { runInOrderStreams } from '../util/run-in-order-streams.ts';

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

/**
 * The same for pipelines that yield several outcomes per file (a PDF's pages, a Word file's
 * sections), printed as they come, in input order. A file that throws is one error object; a
 * page that fails is an outcome of its own. Any failure counts for the exit code.
 */
export async function processDocumentStreams(
  paths: readonly string[],
  options: { format: OutputFormat; concurrency: number },
  process: (path: string, emit: (outcome: DocumentOutcome) => void) => Promise<void>,
): Promise<{ failed: number }> {
  const progress = startProgress(paths.length);
  let failed = 0;
  const fileFailed = new Set<number>();
  await runInOrderStreams<string, DocumentOutcome>(
    paths,
    options.concurrency,
    async (path, _index, emit) => {
      try {
        await process(path, emit);
      } catch (error) {
        emit({ source: { path }, error: errorSummary(error) });
      }
    },
    (outcome, index) => {
      if (isFailure(outcome)) {
        failed++;
        fileFailed.add(index);
      }
      writeOutcome(outcome, options.format);
    },
    (index) => progress.tick(paths[index]!, fileFailed.has(index)),
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
