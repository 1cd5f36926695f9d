// Lint rules, including the architecture's import boundaries (docs/ARCHITECTURE.md, "Layout").
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, paths = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
});

const noDynamicImport = (files, folder, message) => ({
  files,
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: `ImportExpression[source.value=/${folder}/]`, message },
      { selector: `CallExpression[callee.name='require'][arguments.0.value=/${folder}/]`, message },
    ],
  },
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
// Flat config: a later block's no-restricted-imports replaces an earlier one's, so every src-main block lists this.
const mainImportsNoRenderer = {
  regex: '^(\\.{1,2}/)*src-renderer(/|$)',
  message: 'Main does not import the renderer: code both sides use lives in src-shared (e.g. src-shared/graph-layout).',
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
  layer(['src-main/**'], [mainImportsNoRenderer], [onlyIpcImportsIpcMain, onlyPreloadImportsIpcRenderer]),
  layer(
    ['src-main/engine/**'],
    [
      {
        regex: '^(\\.\\./)+(workers|project|history|services|datasets|cli|server|ipc|windows)(/|$)',
        message: 'The engine is pure: adapters are injected by the composition roots.',
      },
      { regex: '^electron$', message: 'The engine knows nothing of Electron.' },
      mainImportsNoRenderer,
    ],
    [onlyIpcImportsIpcMain, onlyPreloadImportsIpcRenderer],
  ),
  layer(
    ['src-shared/**'],
    [
      { regex: '^(\\.{1,2}/)*src-(main|renderer|preload)(/|$)', message: 'src-shared depends on nothing of ours.' },
      {
        regex: '^(electron|vue|pinia|node:.*)$',
        message: 'src-shared is the contract, its types and pure code both sides run (no Electron, Vue or Node).',
      },
    ],
  ),
  layer(
    ['src-renderer/**'],
    [{ regex: '^(\\.\\./)+src-main(/|$)', message: 'The renderer knows the contract (src-shared), not main.' }],
    [{ name: 'electron', message: 'The renderer reaches main only through window.api.' }],
  ),
  // ipc may import ipcMain; it still does not import the renderer.
  layer(['src-main/ipc/**'], [mainImportsNoRenderer]),
  // no-restricted-imports does not see import() or require().
  noDynamicImport(['src-main/**'], 'src-renderer', mainImportsNoRenderer.message),
  noDynamicImport(['src-shared/**'], 'src-(main|renderer|preload)', 'src-shared depends on nothing of ours.'),
);
