import type { Plugin } from 'vite';
/** A Vite plugin: the page's HTML preloads the lazy chunk named `name` (default 'boot') and the chunks it imports. */
export function preloadAppChunk(name?: string): Plugin;
