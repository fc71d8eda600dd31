/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Threads that keep their loaded modules from one test file to the next: the suite in about half
    // the time on two cores. Files that change the environment load what reads it afresh and put it back
    // (test/components/org-lrs-consent.test.ts); the order of files does not matter (checked with
    // --sequence.shuffle.files).
    pool: 'threads',
    isolate: false,
    // One thread per core: Vitest's default leaves one core out (one thread on two cores), and the suite,
    // whose CLI tests wait on child processes, then took 88 s instead of 57 s here.
    maxWorkers: '100%',
    // The heaviest imports take a few seconds on a busy two-core machine; a hang still fails.
    testTimeout: 15_000,
  },
});
