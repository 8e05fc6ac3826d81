#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm ci` needs no build step.
import { limitMallocArenas, WORKER_MALLOC_ARENAS } from '../src/util/glibc-malloc.js';
import { restartWithNodeFlags, WORKER_NODE_FLAGS } from '../src/util/restart-with-node-flags.js';

// A worker process lives for days reading page after page, one process per core: V8 collects
// on its main thread (see restart-with-node-flags.js; this restarts the process, so it comes
// first), and its threads share a few malloc arenas (see glibc-malloc.js). Both have to come
// before tsx and the commands start threads.
if (process.argv[2] === 'worker') {
  restartWithNodeFlags(WORKER_NODE_FLAGS);
  limitMallocArenas(WORKER_MALLOC_ARENAS);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
