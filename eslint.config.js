import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

// The boundaries of docs/architecture.md, enforced: packages never read process.env or exit, nobody
// imports another package's internals, and there are no import cycles. bench/ and scripts/ are plain
// Node ESM and are linted too.
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    // Resolves `./x.js` to `./x.ts` (NodeNext), so no-cycle sees every edge.
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['packages/*/tsconfig.json', 'apps/*/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@b2c-alerts/*/*'],
              message: 'Import a package through its index (its exports map), never a deep path.',
            },
            {
              group: ['**/packages/*/src/**', '**/apps/*/src/**'],
              message: 'Cross-package relative imports are not allowed; import the package by name.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Packages take options; only apps read the environment (apps/*/src/env.ts).',
        },
        { object: 'process', property: 'exit', message: 'Packages never exit; throw a typed error.' },
        { object: 'process', property: 'on', message: 'Packages never install signal or process handlers.' },
      ],
    },
  },
  {
    files: ['apps/*/src/**/*.ts'],
    ignores: ['apps/*/src/env.ts', 'apps/*/src/bin.ts', 'apps/*/src/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in src/env.ts.' },
        {
          object: 'process',
          property: 'exit',
          message: 'Exit only in src/bin.ts (the CLI) or src/main.ts (the worker).',
        },
      ],
    },
  },
);
