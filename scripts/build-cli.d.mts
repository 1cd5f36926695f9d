export const CLI_INPUTS_FILE: string;
/** Bundles src-main/cli/main.ts of `root` into `outDir` (default out/cli: main.js and its chunks); returns the bytes written. */
export function buildCli(options: { root: string; outDir?: string }): Promise<number>;
