// Lint rules for the whole tree: the recommended TypeScript set, type-aware, plus a few
// rules that keep handlers honest (no floating promises, no stray console in functions).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const zodNamespaceOnly = {
  selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
  message: "Import zod as a namespace: import * as z from 'zod'.",
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
  // zod's named export `z` makes esbuild keep all of zod's locales in every bundle (some 350 KB):
  // the namespace import lets it drop them (docs/benchmarks.md, cold start).
  {
    files: ['functions/**/*.ts'],
    rules: { 'no-console': 'error', 'no-restricted-syntax': ['error', zodNamespaceOnly] },
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
