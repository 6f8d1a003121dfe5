// Lint for the whole repo, run as `eslint --config build/eslint.config.mjs` (the top level is fixed).
// The layer rules below are the architecture: do not relax them to make an import compile.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/render/**/*.png', '**/*.d.ts', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['build/*.mjs', 'renderer/vite.config.ts'] },
        tsconfigRootDir: new URL('..', import.meta.url).pathname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['build/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Config files are consumed by their tools as default exports.
    files: ['build/eslint.config.mjs', 'renderer/vite.config.ts', 'test/vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // renderer/: a sandboxed web page. It talks to the engine only through the contract.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node APIs.' },
            { group: ['electron', 'electron/*', 'better-sqlite3', 'exceljs'], message: 'renderer/ reaches the engine only through native/contract.' },
            { group: ['**/native/*', '!**/native/contract', '!**/native/contract/*'], message: 'renderer/ may import only native/contract from native/.' },
          ],
        },
      ],
    },
  },
  {
    // native/: the engine. Never React, never Electron; SQL stays in native/store.
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'maplibre-gl', '@deck.gl/*'], message: 'native/ is the engine: no UI code.' },
            { group: ['electron', 'electron/*'], message: 'native/ must run without Electron (CLI, localhost host, tests).' },
            { group: ['**/renderer/*', '**/electron/*'], message: 'native/ does not depend on the UI or the shell.' },
          ],
        },
      ],
    },
  },
  {
    files: ['native/**/*.ts'],
    ignores: ['native/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['better-sqlite3'], message: 'All SQL lives in native/store.' },
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'maplibre-gl', '@deck.gl/*'], message: 'native/ is the engine: no UI code.' },
            { group: ['electron', 'electron/*'], message: 'native/ must run without Electron (CLI, localhost host, tests).' },
            { group: ['**/renderer/*', '**/electron/*'], message: 'native/ does not depend on the UI or the shell.' },
          ],
        },
      ],
    },
  },
  {
    // native/contract is compiled into the renderer too: plain TS plus zod, nothing else.
    files: ['native/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...nodeBuiltins, 'better-sqlite3', 'exceljs', 'electron', 'react'], message: 'native/contract is shared with the renderer: zod and plain TS only.' }] },
      ],
    },
  },
  {
    // electron/: the thin shell. Windows, menus, dialogs, relaying; the engine is reached by message only.
    files: ['electron/**/*.ts', 'electron/**/*.cts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['better-sqlite3', 'exceljs', 'react', 'react-dom'], message: 'electron/ holds no business logic: it relays to the engine.' },
            { group: ['**/native/*', '!**/native/contract', '!**/native/contract/*', '!**/native/host', '!**/native/host/app-paths.js', '!**/native/host/static-files.js'], message: 'electron/ may use only the contract and app paths from native/.' },
          ],
        },
      ],
    },
  },
);
