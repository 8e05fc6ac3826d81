import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLog } from '../../src/queue/log.ts';

/** The workers' log (src/queue/log.ts): pino's JSON lines, as the review service writes them. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createLog', () => {
  it('writes one JSON line per message: level, ISO time, pid, hostname, name, the fields and msg', () => {
    const { lines, stream } = capture();
    const log = createLog('termlens-worker', stream);
    log.info({ queue: 'ocr', sha256: 'ab'.repeat(32), ms: 12 }, 'ocr abababababab ran in 12 ms');
    log.warn('Redis at x has persistence off');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, pid: process.pid, name: 'termlens-worker', queue: 'ocr', ms: 12, msg: 'ocr abababababab ran in 12 ms' });
    expect(typeof lines[0]!.hostname).toBe('string');
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
    expect(lines[1]).toMatchObject({ level: 40, msg: 'Redis at x has persistence off' });
  });

  it('writes a repeated identical error once per interval, and a different one at once', async () => {
    const { lines, stream } = capture();
    const log = createLog('termlens-worker', stream, 100);
    for (let i = 0; i < 5; i++) log.error('connect ECONNREFUSED');
    log.error({ queue: 'ocr' }, 'ocr worker: other');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'connect ECONNREFUSED'],
      [50, 'ocr worker: other'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    log.error('connect ECONNREFUSED');
    expect(lines).toHaveLength(3);
  });
});
