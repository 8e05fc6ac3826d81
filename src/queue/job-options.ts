import type { JobsOptions } from 'bullmq';
import type { Config } from '../config.ts';

/**
 * How long BullMQ keeps a finished job. Completed jobs are trimmed (the store holds the
 * results; Redis memory is not a log), failed ones are kept for `failures` and inspection.
 */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 5_000 } as const;

/**
 * Retries are for dependencies that may come back (OCR engine crash, disk, database);
 * exponential backoff gives them time. Bad input skips all of this via UnrecoverableError.
 */
export function jobOptions(config: Pick<Config, 'jobAttempts' | 'jobBackoffMs'>): JobsOptions {
  return {
    attempts: config.jobAttempts,
    backoff: { type: 'exponential', delay: config.jobBackoffMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: false,
  };
}
