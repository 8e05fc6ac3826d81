#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm ci` needs no build step.
import { spawn } from 'node:child_process';
import { isatty } from 'node:tty';
import { LAUNCHED_WORKER, lacksWorkerLaunchLine, workerLaunchLine } from '../src/util/worker-launch.js';

// A queue worker needs V8 flags and a malloc setting that only a process's launch line can give
// (src/util/worker-launch.js). Started without them (`npx termlens worker`), this process runs the
// worker as a child `node` that has them, and stays only to pass signals on and return its exit
// status; started with them (the Dockerfile, docker-compose), it is the worker itself.
if (process.argv[2] === 'worker' && lacksWorkerLaunchLine(process.execArgv, process.env)) {
  runWorkerChild();
} else {
  if (process.env[LAUNCHED_WORKER] !== undefined) followLauncher();
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

function runWorkerChild() {
  const { nodeArgs, env } = workerLaunchLine(process.execArgv, process.env);
  // The IPC channel carries nothing: it closes when this process dies, however it dies.
  const child = spawn(process.execPath, [...nodeArgs, ...process.argv.slice(1)], { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const pass = (signal) => child.kill(signal);
  process.on('SIGTERM', pass);
  process.on('SIGHUP', pass);
  // Ctrl-C in a terminal reaches the whole foreground process group, the child included; passed
  // on as well, it would count as the second Ctrl-C that makes a worker exit at once.
  process.on('SIGINT', () => {
    if (!isatty(0)) pass('SIGINT');
  });
  child.on('error', (error) => {
    process.stderr.write(`termlens: cannot start the worker process: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

/** In the worker child: the launcher was killed (kill -9, OOM killer), so is the worker, as if it had been it. */
function followLauncher() {
  delete process.env[LAUNCHED_WORKER];
  if (!process.channel) return;
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
