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
    // The hostile-input test forces collections to check that memory stays bounded.
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
  },
});
