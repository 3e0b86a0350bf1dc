import { defineConfig } from 'vitest/config';

/**
 * Files that check call spacing at the emulator (1 call/s, read from its receive times): run one at a time after
 * the others, so another file's load on the machine cannot delay the emulator's clock and skew what they measure.
 */
const PACED = [
  'test/emulator-thread.test.ts',
  'test/history.test.ts',
  'test/live.test.ts',
  'test/quota.test.ts',
  'test/redis-outage.test.ts',
  'test/replicas.test.ts',
  'test/scheduler.test.ts',
  'test/unit/quota.test.ts',
];

export default defineConfig({
  // Node (tsx, npm start) loads graphql's CommonJS entry; make Vite pick the same one, or two copies of
  // graphql meet in one schema ("Cannot use GraphQLDirective from another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most files spend their time waiting (quota slots, callbacks, a browser), not computing: three at a time
    // keep two cores busy. The hostile-input test forces collections to check that memory stays bounded.
    poolOptions: { forks: { maxForks: 3, minForks: 1, execArgv: ['--expose-gc'] } },
    // `npm test` runs the projects one after the other: `concurrent`, then `paced` one file at a time.
    projects: [
      { extends: true, test: { name: 'concurrent', include: ['test/**/*.test.ts'], exclude: PACED } },
      { extends: true, test: { name: 'paced', include: PACED } },
    ],
  },
});
