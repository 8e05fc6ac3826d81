import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, now. Node offers gc() only to a process started with --expose-gc,
 * which `npx termlens worker` cannot ask for; the flag set at run time exposes gc() to contexts
 * created afterwards, so one new context hands it over (the `expose-gc` package does the same).
 *
 * For one place where the timing matters (in-process-reader.ts): V8 frees large buffers only
 * when it collects, and it collects for them only once they have grown by tens of MB since
 * the last time, so that much dead memory can be resident at the moment of a page's peak.
 * Their memory goes back to the allocator shortly after this returns, as V8 sweeps them on a
 * thread of its own.
 */
export function collectGarbage(): void {
  gc ??= exposeGc();
  gc();
}

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
