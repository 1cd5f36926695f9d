import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

// Folder names follow the design card (src-main, src-preload, src-renderer), so every input is
// named explicitly: electron-vite's defaults expect src/main, src/preload and src/renderer.
export default defineConfig({
  main: {
    build: {
      // dependencies (better-sqlite3, jiti, ws…) stay external: native code and the project
      // loader must be required at run time, not bundled.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          // One worker module for threads and utility processes (src-main/workers/hosts.ts).
          worker: resolve(__dirname, 'src-main/workers/worker-main.ts'),
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
    plugins: [vue()],
    build: {
      rolldownOptions: {
        input: resolve(__dirname, 'src-renderer/index.html'),
      },
    },
  },
});
