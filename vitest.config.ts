import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // most test files wait on processes and servers they start, not on the CPU: four workers on two
    // cores take the suite from about 464 s to about 250 s (all passing, measured twice)
    maxWorkers: 4,
  },
});
