import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A queue worker restarts itself with V8 options (src/util/restart-with-node-flags.js): checked
 * in real child processes, as bin/termlens.js does it, on this machine's glibc.
 */
const MODULE = JSON.stringify(path.resolve('src/util/restart-with-node-flags.js'));

const dir = mkdtempSync(path.join(os.tmpdir(), 'termlens-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child script (a file, as bin/termlens.js is) that restarts itself with `flags`, then prints what it runs with. */
function child(flags: string[], nodeArgs: string[] = [], scriptArgs: string[] = []) {
  const file = path.join(dir, 'child.mjs');
  writeFileSync(file, `
    import { restartWithNodeFlags } from ${MODULE};
    process.stdout.write('before ');
    restartWithNodeFlags(${JSON.stringify(flags)});
    process.stderr.write('on stderr');
    console.log(JSON.stringify({ pid: process.pid, execArgv: process.execArgv, args: process.argv.slice(2), marker: process.env.TERMLENS_RESTARTED_WITH_NODE_FLAGS ?? null }));
    process.exitCode = 3;`);
  const result = spawnSync(process.execPath, [...nodeArgs, file, ...scriptArgs], { encoding: 'utf8' });
  return { ...result, printed: JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as { pid: number; execArgv: string[]; args: string[]; marker: string | null } };
}

describe('restartWithNodeFlags', () => {
  it('replaces the process with one that has the flags: same PID, arguments, stdio and exit code', () => {
    const result = child(['--single-threaded-gc'], ['--stack-size=2000'], ['a file.png', '--x']);
    expect(result.status).toBe(3);
    expect(result.printed.pid).toBe(result.pid);
    expect(result.printed.execArgv[0]).toBe('--single-threaded-gc');
    expect(result.printed.execArgv).toContain('--stack-size=2000');
    expect(result.printed.args).toEqual(['a file.png', '--x']);
    // The new process image ran the script again from the top (its first line printed twice)
    // and wrote to both streams; the restart's marker is gone from its environment.
    expect(result.stdout.match(/before /g)).toHaveLength(2);
    expect(result.stderr).toBe('on stderr');
    expect(result.printed.marker).toBeNull();
  });

  it('does nothing in a process that already has the flags', () => {
    const result = child(['--single-threaded-gc'], ['--single-threaded-gc']);
    expect(result.stdout.match(/before /g)).toHaveLength(1);
    expect(result.printed.pid).toBe(result.pid);
    expect(result.printed.execArgv).toEqual(['--single-threaded-gc']);
  });
});
