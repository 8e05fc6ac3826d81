import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Three test files at a time on the 2-core machines the suite runs on (vitest's default there
    // is one): the queue, browser and CLI tests spend most of their time waiting on child
    // processes, Redis and Chromium, so more files than cores fit beside each other (one at a
    // time: 11.4 min; two: 10.2 min). Each file still runs its own tests one after another.
    maxWorkers: 3,
    // OCR tests read real screenshots with tesseract.js and PaddleOCR; a cold worker takes
    // seconds, and a file sharing the machine with another may take twice as long.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
