// Lint for the whole repo, run as `eslint --config build/eslint.config.mjs` (the top level is fixed).
// The layer rules below are the architecture: do not relax them to make an import compile.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads'];

/**
 * The layer table: which folder may import which (type-only imports included). Everything not listed is
 * forbidden. The no-restricted-imports rules below are generated from it; test/unit/layering.test.ts
 * probes them and test/unit/import-cycles.test.ts forbids cycles inside and between the layers.
 */
const native = ['native/contract', 'native/store', 'native/store/migrations', 'native/geocode', 'native/analysis', 'native/basemap', 'native/import', 'native/export', 'native/demo', 'native/project', 'native/revision', 'native/print'];
const rendererBelowShell = ['native/contract', 'renderer/i18n', 'renderer/engine', 'renderer/actions', 'renderer/ui', 'renderer/map', 'renderer/features', 'renderer/render'];
export const layers = {
  'native/contract': [],
  'native/store': ['native/contract', 'native/store/migrations'],
  // Migrations carry frozen copies of what they need: they must not change after they have shipped.
  'native/store/migrations': ['native/contract'],
  'native/geocode': ['native/contract', 'native/store'],
  'native/basemap': ['native/contract', 'native/store'],
  'native/export': ['native/contract', 'native/store'],
  'native/import': ['native/contract', 'native/store', 'native/geocode', 'native/export'],
  'native/analysis': ['native/contract', 'native/store', 'native/import', 'native/export'],
  'native/project': ['native/contract', 'native/store'],
  'native/revision': ['native/contract', 'native/store', 'native/analysis', 'native/import', 'native/export'],
  'native/demo': ['native/contract', 'native/store', 'native/analysis'],
  // Print drives headless Chromium (export), reads rankings, area counts and lists (analysis), masks phones (import).
  'native/print': ['native/contract', 'native/store', 'native/analysis', 'native/export', 'native/import', 'native/revision'],
  'native/host': native,
  electron: ['native/contract'],
  'renderer/i18n': ['native/contract'],
  'renderer/engine': ['native/contract', 'renderer/i18n'],
  'renderer/actions': ['native/contract', 'renderer/i18n', 'renderer/engine'],
  'renderer/ui': ['native/contract', 'renderer/i18n', 'renderer/engine', 'renderer/actions'],
  'renderer/map': ['native/contract', 'renderer/i18n', 'renderer/engine', 'renderer/ui'],
  // features may lay out a print page (renderer/print) for the export dialog's live preview.
  'renderer/features': ['native/contract', 'renderer/i18n', 'renderer/engine', 'renderer/actions', 'renderer/ui', 'renderer/map', 'renderer/print'],
  'renderer/render': ['native/contract', 'renderer/i18n', 'renderer/engine', 'renderer/map'],
  // ?view=print: a page laid out from data the engine sends; no engine connection, no map of its own.
  'renderer/print': ['native/contract', 'renderer/i18n'],
  'renderer/shell': rendererBelowShell,
  'renderer/main.tsx': ['renderer/shell', 'renderer/render', 'renderer/print', 'renderer/engine', 'renderer/i18n'],
};

/** Packages each part of the tree must not import, whatever its layer. */
const uiPackages = ['react', 'react-dom', 'react/*', 'react-dom/*', 'maplibre-gl', '@deck.gl/*'];
function forbiddenPackages(layer) {
  if (layer === 'native/contract') {
    return [{ group: [...nodeBuiltins, ...uiPackages, 'better-sqlite3', 'exceljs', 'electron', 'electron/*'], message: 'native/contract is shared with the renderer: zod and plain TS only.' }];
  }
  if (layer.startsWith('native/')) {
    return [
      { group: uiPackages, message: 'native/ is the engine: no UI code.' },
      { group: ['electron', 'electron/*'], message: 'native/ must run without Electron (CLI, localhost host, tests).' },
      ...(layer.startsWith('native/store') ? [] : [{ group: ['better-sqlite3'], message: 'All SQL lives in native/store.' }]),
    ];
  }
  if (layer === 'electron') return [{ group: ['better-sqlite3', 'exceljs', ...uiPackages], message: 'electron/ holds no business logic: it relays to the engine.' }];
  return [
    { group: nodeBuiltins, message: 'renderer/ runs in a sandboxed page: no Node APIs.' },
    { group: ['electron', 'electron/*', 'better-sqlite3', 'exceljs'], message: 'renderer/ reaches the engine only through native/contract.' },
  ];
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex for specifiers, written relative to `dir`, that reach into `target`. */
function reaching(dir, target) {
  const rel = relativePath(dir, target);
  // An ancestor layer (store, seen from store/migrations): its own files, not what lies further up.
  if (/^\.\.(\/\.\.)*$/.test(rel)) return `^${escape(rel)}/(?!\\.\\./)`;
  return `^${escape(rel.startsWith('..') ? rel : `./${rel}`)}(/|$)`;
}

function relativePath(from, to) {
  const a = from.split('/');
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

const sourceExtensions = '{ts,tsx,cts}';
const layerConfigs = Object.entries(layers).flatMap(([layer, allowed]) => {
  const isFile = /\.tsx?$/.test(layer);
  const root = isFile ? layer.slice(0, layer.lastIndexOf('/')) : layer;
  const nested = Object.keys(layers).filter((l) => l.startsWith(`${layer}/`));
  const forbidden = Object.keys(layers).filter((l) => l !== layer && !allowed.includes(l) && !l.endsWith('.tsx'));
  // One entry per folder depth, so every forbidden folder is one exact relative prefix.
  return (isFile ? [0] : [0, 1, 2, 3, 4]).map((depth) => {
    const dir = [root, ...Array.from({ length: depth }, (_, i) => `d${i}`)].join('/');
    return {
      files: isFile ? [layer] : [`${layer}/${'*/'.repeat(depth)}*.${sourceExtensions}`],
      ignores: ['renderer/vite.config.ts', ...nested.map((l) => `${l}/**`)],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              ...forbiddenPackages(layer),
              ...forbidden.map((target) => ({ regex: reaching(dir, target), message: `${layer} may import only ${allowed.join(', ') || 'zod and plain TS'}; not ${target}.` })),
            ],
          },
        ],
      },
    };
  });
});

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
  ...layerConfigs,
);
