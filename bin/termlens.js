#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm ci` needs no build step.
import { limitMallocArenas, WORKER_MALLOC_ARENAS } from '../src/util/glibc-malloc.js';

// A worker process lives for days reading page after page: its threads share a few malloc
// arenas (see glibc-malloc.js). This has to come before tsx and the commands start threads.
if (process.argv[2] === 'worker') limitMallocArenas(WORKER_MALLOC_ARENAS);

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
