/** The V8 options a queue worker runs with; see worker-launch.js. */
export const WORKER_NODE_FLAGS: readonly string[];
/** The environment variables a queue worker runs with (MALLOC_ARENA_MAX); see worker-launch.js. */
export const WORKER_ENV: Readonly<Record<string, string>>;
/** The variable that marks a worker started by bin/termlens.js. */
export const LAUNCHED_WORKER: string;
/** Whether a process with these options and environment lacks part of a worker's launch line. */
export function lacksWorkerLaunchLine(execArgv: readonly string[], env: Record<string, string | undefined>): boolean;
/** The node arguments and environment of a worker started from this process. */
export function workerLaunchLine(
  execArgv: readonly string[],
  env: Record<string, string | undefined>,
): { nodeArgs: string[]; env: Record<string, string | undefined> };
