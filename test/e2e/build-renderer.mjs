// Builds only the renderer (what electron-vite's renderer step does), for e2e and the bench.
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';
import { preloadAppChunk } from '../../scripts/preload-app-chunk.mjs';
await build({
  root: 'src-renderer',
  base: './',
  plugins: [vue(), preloadAppChunk()],
  logLevel: 'warn',
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    minify: !process.env.PW_NO_MINIFY,
    rolldownOptions: { input: 'src-renderer/index.html' },
  },
});
