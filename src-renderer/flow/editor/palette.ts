/** What the palette puts on a drag (and what its buttons add): a function by ref, or a dataset by name. */
export type PaletteItem = { kind: 'function'; ref: string } | { kind: 'dataset'; name: string; datasetType: string };
export const PALETTE_MIME = 'application/x-pipewright-palette';
