import { defineConfig } from 'vitest/config';

/** Runs the two `*.iso.ts` files of this folder at the same time, one per worker. */
export default defineConfig({
  test: {
    include: ['test/msw/parallel/*.iso.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
