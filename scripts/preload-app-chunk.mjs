// A Vite plugin for the renderer's build: the page's HTML preloads the app's lazy chunk (boot.ts,
// which the small entry imports after sending its early requests) and the chunks it imports, so the
// browser fetches the app's code while the entry runs instead of after. Used by electron.vite.config.ts
// and test/e2e/build-renderer.mjs.
export function preloadAppChunk(name = 'boot') {
  return {
    name: 'pipewright-preload-app-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const entry = ctx.chunk;
        if (!ctx.bundle || !entry) return [];
        const files = new Set();
        for (const id of entry.dynamicImports) {
          const chunk = ctx.bundle[id];
          if (chunk?.type !== 'chunk' || chunk.name !== name) continue;
          files.add(chunk.fileName);
          for (const dep of chunk.imports) if (dep !== entry.fileName) files.add(dep);
        }
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head',
        }));
      },
    },
  };
}
