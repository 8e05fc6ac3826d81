/** The V8 options a queue worker runs with; see restart-with-node-flags.js. */
export const WORKER_NODE_FLAGS: readonly string[];
/** Replaces the process with one running the same script with `flags` added (Linux with glibc); see restart-with-node-flags.js. */
export function restartWithNodeFlags(flags: readonly string[]): void;
