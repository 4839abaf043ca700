import { defineConfig } from 'vitest/config';

/** Runs the two examples of docs/msw.md as a HIS team would (the jest-style one with globals). */
export default defineConfig({
  test: {
    include: ['test/msw/examples/*-example.{ts,mjs}'],
    globals: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
