/** The first input listed in `inputsFile` (relative to `root`) that changed, 'no record of its inputs', or undefined. */
export function staleInput(inputsFile: string, root: string): string | undefined;
