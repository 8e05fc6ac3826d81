import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

/**
 * src/engines/tesseract-worker-thread.cjs wraps tesseract.js's thread script and relies on its
 * internals: where the script lives, that it replies through parentPort.postMessage looked up at
 * each reply, the message shape { workerId, jobId, action, status, data }, and the names of its
 * set-up actions. package.json pins tesseract.js exactly; these fail when an upgrade moves them.
 */
const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('tesseract.js/package.json'));
const source = (file: string) => readFileSync(path.join(root, file), 'utf8');
const WRAPPER = path.resolve('src/engines/tesseract-worker-thread.cjs');

type Reply = { workerId?: string; jobId?: string; action?: string; status?: string; data?: unknown };

/** Runs the wrapper in a real thread, sends it one packet, and returns its replies and exit code. */
function runThread(packet: Record<string, unknown>): Promise<{ replies: Reply[]; code: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WRAPPER, { stderr: true });
    const replies: Reply[] = [];
    worker.on('message', (message: Reply) => replies.push(message));
    worker.on('error', reject);
    worker.on('exit', (code) => resolve({ replies, code }));
    worker.postMessage(packet);
    setTimeout(() => void worker.terminate(), 20_000).unref();
  });
}

describe('tesseract.js internals that tesseract-worker-thread.cjs patches', () => {
  it('is the pinned version, installed', () => {
    const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies['tesseract.js'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect((JSON.parse(source('package.json')) as { version: string }).version).toBe(pinned);
  });

  it('has its thread script where the wrapper loads it, replying through parentPort.postMessage at each reply', () => {
    expect(readFileSync(WRAPPER, 'utf8')).toContain("require('tesseract.js/src/worker-script/node/index.js')");
    const script = source('src/worker-script/node/index.js');
    expect(script).toMatch(/parentPort\.on\('message', \(packet\) => \{\s*worker\.dispatchHandlers\(packet, \(obj\) => parentPort\.postMessage\(obj\)\);/);
  });

  it('answers each packet with { jobId, workerId, action, status, data } and has the set-up actions the wrapper names', () => {
    const dispatch = source('src/worker-script/index.js');
    expect(dispatch).toMatch(/jobId: packet\.jobId,\s*workerId: packet\.workerId,\s*action: packet\.action,/);
    expect(dispatch).toMatch(/res\.reject = res\.bind\(this, 'reject'\)/);
    const table = /\(\{([^}]*)\}\)\[packet\.action\]\(packet, res\)/.exec(dispatch)?.[1]?.split(',').map((name) => name.trim()).filter(Boolean);
    expect(table).toEqual(expect.arrayContaining(['load', 'loadLanguage', 'initialize', 'recognize', 'terminate']));
    // The main side settles a job by `${action}-${jobId}` on status 'reject'.
    expect(source('src/createWorker.js')).toMatch(/const promiseId = `\$\{action\}-\$\{jobId\}`;[\s\S]*status === 'reject'/);
  });

  it('a failed set-up step comes back as a rejection of that job, and the thread exits', async () => {
    // initialize before load: tesseract's core is not there, so the step fails.
    const { replies, code } = await runThread({ workerId: 'w1', jobId: 'j1', action: 'initialize', payload: { langs: 'eng', oem: 1 } });
    expect(replies.at(-1)).toMatchObject({ workerId: 'w1', jobId: 'j1', action: 'initialize', status: 'reject' });
    expect(code).toBe(1);
  });

  it('a crash inside the thread comes back as a rejection of the job in progress, and the thread exits', async () => {
    const { replies, code } = await runThread({ workerId: 'w1', jobId: 'j2', action: 'no-such-action', payload: {} });
    expect(replies.at(-1)).toMatchObject({ workerId: 'w1', jobId: 'j2', status: 'reject', data: expect.stringMatching(/^tesseract worker crashed: /) });
    expect(code).toBe(1);
  });
});
