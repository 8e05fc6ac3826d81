import { UnrecoverableError, type Job } from 'bullmq';
import { errorSummary, InputError } from '../errors.ts';

type ErrorSummary = ReturnType<typeof errorSummary>;
import { NON_TERMINAL_STATUSES, type Store } from '../store/store.ts';

/**
 * The one place where a stage's error becomes BullMQ's business. Bad input is never retried
 * (UnrecoverableError); anything else is retried with backoff. Whenever this attempt is the
 * last, the reason is written to the store first (`recordFailure`), so the record says why even
 * if this process dies before Redis hears of the failure.
 */
export async function runStageRecording<T>(job: Job, recordFailure: (summary: ErrorSummary) => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const badInput = error instanceof InputError;
    // attemptsMade counts the attempts that already failed, not this one.
    const last = badInput || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const summary = errorSummary(error);
    // If even the store is down, the record stays unfinished and the reconciler retries it later.
    if (last) await recordFailure(summary).catch(() => undefined);
    if (badInput) throw new UnrecoverableError(`${summary.code}: ${summary.message}`);
    throw error;
  }
}

/** A document's stage: its last failure fails the batch items that hold the document. */
export function runStage<T>(job: Job, store: Store, sha256: string, work: () => Promise<T>): Promise<T> {
  return runStageRecording(job, (error) => store.setDocumentItemsStatus(sha256, 'failed', { error, from: NON_TERMINAL_STATUSES }), work);
}

/** Job data that does not fit its schema was written by something else; retrying cannot help. */
export function parseJobData<T>(schema: { safeParse(data: unknown): { success: true; data: T } | { success: false; error: { message: string } } }, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new UnrecoverableError(`BAD_JOB_DATA: ${result.error.message}`);
  return result.data;
}
