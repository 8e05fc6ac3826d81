'use strict';

/**
 * Thread entry for tesseract.js workers (passed as `workerPath`). tesseract.js 7 never settles
 * the promise from createWorker() when loading data or initialising fails, never hands back the
 * thread it spawned, and lets crashes inside the thread go unreported. This wrapper makes every
 * such failure visible: a failed set-up step or a crash is answered as a rejection of the job in
 * progress, and the thread then exits so it cannot keep the process alive.
 */
const { parentPort } = require('node:worker_threads');
const { format } = require('node:util');

// Stdout belongs to the CLI's JSON lines; whatever tesseract prints is a log and goes to stderr.
for (const method of ['log', 'info', 'debug']) {
  console[method] = (...args) => process.stderr.write(`${format(...args)}\n`);
}

const SETUP_ACTIONS = new Set(['load', 'loadLanguage', 'initialize']);
let currentJob = null;
let exiting = false;

const post = parentPort.postMessage.bind(parentPort);

function exitSoon(code) {
  if (exiting) return;
  exiting = true;
  // Let the rejection message leave the thread before it stops.
  setTimeout(() => process.exit(code), 20);
}

parentPort.postMessage = (message) => {
  if (exiting) return;
  post(message);
  if (message && message.status === 'reject' && SETUP_ACTIONS.has(message.action)) exitSoon(1);
};

parentPort.on('message', (packet) => {
  if (packet?.jobId) currentJob = { workerId: packet.workerId, jobId: packet.jobId, action: packet.action };
});

function fail(error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (currentJob && !exiting) post({ ...currentJob, status: 'reject', data: `tesseract worker crashed: ${text}` });
  exitSoon(1);
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

require('tesseract.js/src/worker-script/node/index.js');
