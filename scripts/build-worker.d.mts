export const INPUTS_FILE: string;
/** The table datasets' file-format libraries, required from node_modules by every bundle. */
export const TABLE_LIBRARIES: string[];
/** Bundles src-main/workers/worker-main.ts of `root` into `outFile` (default out/main/worker.js); returns its size in bytes. */
export function buildWorker(options: { root: string; outFile?: string }): Promise<number>;
/** Lists the source files (size and mtime) that went into a bundle, for the staleness check of its runner. */
export function writeInputs(root: string, inputsFile: string, moduleIds: string[]): void;
