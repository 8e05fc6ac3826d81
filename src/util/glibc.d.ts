/** The process's glibc through koffi, or null where it cannot be loaded; see glibc.js. */
export function loadGlibc(): { func(signature: string): (...args: unknown[]) => number } | null;
