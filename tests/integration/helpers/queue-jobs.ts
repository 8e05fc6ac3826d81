import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAMES, type QueueName } from '../../../src/queue/jobs.ts';

/** Job counts of one queue as BullMQ sees them, on a connection of the test's own. */
export async function queueCounts(env: Record<string, string>, name: QueueName) {
  const connection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  const queue = new Queue(name, { connection, prefix: env.TERMLENS_QUEUE_PREFIX! });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const of = (state: string) => counts[state] ?? 0;
    return {
      waiting: of('waiting'),
      active: of('active'),
      delayed: of('delayed'),
      prioritized: of('prioritized'),
      completed: of('completed'),
      failed: of('failed'),
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export async function allQueueCounts(env: Record<string, string>) {
  return {
    ocr: await queueCounts(env, QUEUE_NAMES.ocr),
    analysis: await queueCounts(env, QUEUE_NAMES.analysis),
  };
}
