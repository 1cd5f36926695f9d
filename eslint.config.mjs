// Lint rules, including the architecture's import boundaries (docs/ARCHITECTURE.md, "Layout").
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
});

const onlyIpcImportsIpcMain = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'Only src-main/ipc imports ipcMain.',
};
const onlyPreloadImportsIpcRenderer = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only src-preload imports ipcRenderer.',
};

export default tseslint.config(
  {
    ignores: [
      '**/.pipewright/**',
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'coverage/**',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      // A callback may read a variable that is assigned once, later (an id known after the call).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Formatting is Prettier's job.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
    },
  },
  { files: ['**/*.cjs', 'bin/*'], languageOptions: { sourceType: 'commonjs' } },
  layer(['src-main/**'], [], [onlyIpcImportsIpcMain, onlyPreloadImportsIpcRenderer]),
  layer(
    ['src-main/engine/**'],
    [
      {
        regex: '^(\\.\\./)+(workers|project|history|services|datasets|cli|server|ipc|windows)(/|$)',
        message: 'The engine is pure: adapters are injected by the composition roots.',
      },
      { regex: '^electron$', message: 'The engine knows nothing of Electron.' },
    ],
    [onlyIpcImportsIpcMain, onlyPreloadImportsIpcRenderer],
  ),
  layer(
    ['src-shared/**'],
    [
      { regex: '^(\\.\\./)+src-(main|renderer|preload)(/|$)', message: 'src-shared depends on nothing of ours.' },
      { regex: '^(electron|vue|node:.*)$', message: 'src-shared is JSON-safe types and the contract only.' },
    ],
  ),
  layer(
    ['src-renderer/**'],
    [{ regex: '^(\\.\\./)+src-main(/|$)', message: 'The renderer knows the contract (src-shared), not main.' }],
    [{ name: 'electron', message: 'The renderer reaches main only through window.api.' }],
  ),
  {
    files: ['src-main/ipc/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
