/** What the palette puts on a drag (and what its buttons add): a function by ref, or a dataset by name. */
export type PaletteItem = { kind: 'function'; ref: string } | { kind: 'dataset'; name: string; datasetType: string };
export const PALETTE_MIME = 'application/x-pipewright-palette';

/** Puts a palette item on a drag, for the canvas's drop handler. */
export function startPaletteDrag(e: DragEvent, item: PaletteItem): void {
  if (!e.dataTransfer) return;
  e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
  e.dataTransfer.setData('text/plain', item.kind === 'function' ? item.ref : item.name);
  e.dataTransfer.effectAllowed = 'copy';
}
