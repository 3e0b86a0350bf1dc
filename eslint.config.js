// Lint for bugs more than taste: type-aware rules (floating promises, unsafe any, unused values).
// Formatting is Prettier's job (npm run format); nothing here argues with it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'client/gql/', 'web/gql/', 'web/dist/', '.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Relaxed for names starting with _: a parameter a signature requires, or a field left out of a rest copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Off: the memory stores (cache, quota, idempotency) implement the same async interfaces as their Redis
      // twins; an `async` method with nothing to await is how they keep that contract, throws becoming rejections.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // The house's size rule (docs/architecture.md): a function one can hold in one's head.
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: false, skipComments: false }] },
  },
  // Plain JavaScript (this file) is outside tsconfig's project, so it is linted without type information.
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
