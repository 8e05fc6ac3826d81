import type { WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';

/**
 * Settings both workers share. The lock is what lets another worker take over a job whose
 * process died (kill -9, OOM): after lockDuration without renewal the stalled check, run every
 * stalledInterval, puts the job back. maxStalledCount 2 tolerates a crash and a slow restart;
 * a job that brings down its worker more often fails instead of killing workers forever.
 */
export function workerOptions(
  connection: Redis,
  config: Pick<Config, 'queuePrefix' | 'jobLockMs' | 'stalledCheckMs'>,
  concurrency: number,
): WorkerOptions {
  return {
    connection,
    prefix: config.queuePrefix,
    concurrency,
    lockDuration: config.jobLockMs,
    stalledInterval: config.stalledCheckMs,
    maxStalledCount: 2,
    // start-workers runs the workers once the Redis checks have passed.
    autorun: false,
  };
}
