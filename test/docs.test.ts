// The documentation stays true: every GraphQL example in README.md and docs/ runs against the schema as served,
// every local link leads to a file that exists, and the README links every page of docs/.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../src/schema/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (page: string) => readFileSync(join(root, page), 'utf8');

describe('the documentation', () => {
  const schema = buildSchema();

  it.each(pages)('%s: its GraphQL examples are valid against the schema', (page) => {
    for (const [, example] of read(page).matchAll(/```graphql\n([\s\S]*?)```/g)) {
      expect(
        validate(schema, parse(example!)).map((e) => e.message),
        example,
      ).toEqual([]);
    }
  });

  it.each(pages)('%s: its links to files of the repository lead somewhere', (page) => {
    for (const [, target] of read(page).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      expect(existsSync(join(root, dirname(page), target!)), `${page} → ${target}`).toBe(true);
    }
  });

  it('has a README that links every page of docs/ and stays short', () => {
    const readme = read('README.md');
    for (const page of pages.slice(1)) expect(readme, page).toContain(`](${page})`);
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  });
});
