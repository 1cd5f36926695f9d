export const INPUTS_FILE: string;
/** Bundles src-main/workers/worker-main.ts of `root` into `outFile` (default out/main/worker.js); returns its size in bytes. */
export function buildWorker(options: { root: string; outFile?: string }): Promise<number>;
