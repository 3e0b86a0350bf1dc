import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node (tsx, npm start) loads graphql's CommonJS entry; make Vite pick the same one, or two copies of
  // graphql meet in one schema ("Cannot use GraphQLDirective from another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most files spend their time waiting (quota slots at 1 call/s, callbacks, a browser), not computing: three
    // at a time keep two cores busy. The hostile-input test forces collections to check that memory stays bounded.
    poolOptions: { forks: { maxForks: 3, minForks: 1, execArgv: ['--expose-gc'] } },
  },
});
