// Plain JavaScript (typed by glibc.d.ts): bin/termlens.js calls its users before the TypeScript
// loader starts.
import { createRequire } from 'node:module';

/** @type {{ func(signature: string): (...args: unknown[]) => number } | null | undefined} */
let glibc;

/**
 * The process's glibc through koffi, loaded once; null without glibc (macOS; musl has no
 * libc.so.6, so loading it fails there) or without a koffi build for the platform, where its
 * callers leave things as they are.
 */
export function loadGlibc() {
  if (glibc !== undefined) return glibc;
  glibc = null;
  if (process.platform !== 'linux') return glibc;
  try {
    glibc = createRequire(import.meta.url)('koffi').load('libc.so.6');
  } catch {
    // Not glibc, or no koffi build for this platform.
  }
  return glibc;
}
