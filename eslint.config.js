// Lint rules for the whole tree: the recommended TypeScript set, type-aware, plus a few
// rules that keep handlers honest (no floating promises, no stray console in functions).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const classicZod = {
  selector: 'ImportDeclaration[source.value=/^zod(\\/v4(\\/classic)?)?$/]',
  message: "Write schemas with zod's small API: import * as z from 'zod/mini'.",
};

export default tseslint.config(
  // portal-app.js: the portal's browser bundle, built (functions/handlers/portal/bundle.ts), not written.
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'functions/handlers/portal/portal-app.js', 'test/browser/output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // zod's classic API puts 80–100 KB in every bundle that loads one of its schemas, and its
  // methods keep esbuild from leaving out what a function does not use; `zod/mini` writes the same
  // schemas, messages and OpenAPI document for about a fifth of that (docs/benchmarks.md, cold start).
  {
    files: ['functions/**/*.ts'],
    rules: { 'no-console': 'error', 'no-restricted-syntax': ['error', classicZod] },
  },
  // Imports run one way: the registry builds on the runtime, core/notes reads the templates.
  {
    files: ['functions/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/registry.ts'], message: 'The registry builds on the runtime: take the entry (its name, its environment) as an argument.' }],
        },
      ],
    },
  },
  {
    files: ['templates/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/functions/**'], message: 'Templates are text and their shape; the code that fills them imports them, not the reverse.' }] },
      ],
    },
  },
);
