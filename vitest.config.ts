import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // a bound on a hang, never a timing assertion: a full certification takes about 7 s alone and
    // ten times that on a machine running other suites (measured: 60 s was hit at load 10)
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // most test files wait on processes and servers they start, not on the CPU: four workers on two
    // cores take the suite from about 464 s to about 250 s (all passing, measured twice)
    maxWorkers: 4,
  },
});
