import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { buildWorker } from './scripts/build-worker.mjs';
import { buildCli } from './scripts/build-cli.mjs';
import { preloadAppChunk } from './scripts/preload-app-chunk.mjs';

// The worker is not an entry of the main build: scripts/build-worker.mjs builds out/main/worker.js
// (the same file the CLI runs, with its pure-JS dependencies inside), after each main build, as
// the main build empties out/main first. The CLI bundle (out/cli, scripts/build-cli.mjs) is built with it.
const workerBundle: Plugin = {
  name: 'pipewright-worker-bundle',
  async writeBundle() {
    await buildWorker({ root: __dirname, outFile: resolve(__dirname, 'out/main/worker.js') });
    await buildCli({ root: __dirname });
  },
};

// Folder names follow the design card (src-main, src-preload, src-renderer), so every input is
// named explicitly: electron-vite's defaults expect src/main, src/preload and src/renderer.
export default defineConfig({
  main: {
    plugins: [workerBundle],
    build: {
      // dependencies (better-sqlite3, jiti, ws…) stay external: native code and the project
      // loader must be required at run time, not bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          // The host's graph layout thread (src-main/services/graph-layout.ts starts it from out/main).
          'graph-layout-worker': resolve(__dirname, 'src-main/services/graph-layout-worker-main.ts'),
        },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: { exclude: [] },
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [vue(), preloadAppChunk()],
    build: {
      // electron-vite leaves the renderer unminified; minified, the page parses far less before its first screen.
      minify: true,
      rolldownOptions: {
        input: resolve(__dirname, 'src-renderer/index.html'),
      },
    },
  },
});
