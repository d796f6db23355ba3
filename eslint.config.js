import tseslint from 'typescript-eslint';

// The layer boundaries of DEVELOPERS.md, enforced. src/domain is the pure engine: it may
// import only itself. io may use domain; storage may use domain; grid may use domain;
// ui may use everything. No layer imports ui.
const browserGlobals = [
  'window', 'document', 'navigator', 'indexedDB', 'localStorage', 'sessionStorage',
  'location', 'history', 'fetch', 'XMLHttpRequest', 'Worker', 'BroadcastChannel',
  'requestAnimationFrame', 'alert', 'confirm', 'prompt',
].map((name) => ({ name, message: 'src/domain is pure: no browser APIs.' }));

const layer = (name) => [`**/${name}/**`, `**/${name}`, `$lib/${name}/**`];

// Outside src/domain, the engine is reached through its one entry point only.
const domainEntryOnly = {
  group: ['**/domain/*', '!**/domain/index.ts'],
  message: 'Import the engine from src/domain/index.ts, its one entry point.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'tmp/**', '**/*.svelte', '.vitest-results/**', 'tests/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...browserGlobals,
        { name: 'crypto', message: 'src/domain is pure: use newId() from factory.ts, not crypto.' }],
      // globalThis.crypto / globalThis.window slip past no-restricted-globals.
      'no-restricted-properties': ['error',
        ...[...browserGlobals.map((g) => g.name), 'crypto'].map((property) => ({
          object: 'globalThis', property, message: 'src/domain is pure: no browser or platform APIs (use newId() for ids).',
        }))],
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...layer('storage'), ...layer('io'), ...layer('grid'), ...layer('ui'), ...layer('cli')], message: 'src/domain must not import storage, io, grid, ui or cli.' },
          { group: ['dexie', 'dexie/*', 'handsontable', 'handsontable/*', 'xlsx', 'xlsx/*', 'exceljs', 'exceljs/*', 'svelte', 'svelte/*', 'node:*', 'fs', 'path'], message: 'src/domain is pure TypeScript: no UI, storage, spreadsheet or platform library.' },
        ],
      }],
    },
  },
  {
    files: ['src/io/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        domainEntryOnly,
        { group: [...layer('storage'), ...layer('grid'), ...layer('ui')], message: 'src/io may use src/domain only (it runs in Node too).' },
      ] }],
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        domainEntryOnly,
        { group: [...layer('io'), ...layer('grid'), ...layer('ui')], message: 'src/storage may use src/domain only.' },
      ] }],
    },
  },
  {
    files: ['src/grid/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        domainEntryOnly,
        { group: [...layer('storage'), ...layer('io'), ...layer('ui')], message: 'src/grid may use src/domain only.' },
      ] }],
    },
  },
  {
    files: ['src/ui/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [domainEntryOnly] }],
    },
  },
);
