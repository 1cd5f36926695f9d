import type { DatasetPreview, JsonValue } from '../../../src-shared/api-types';

/** How many rows `show --output` prints of a table it reads through its dataset type. */
export const SHOWN_ROWS = 20;

export const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\n`;

/**
 * A preview as a terminal shows it: a table's head as CSV, a value as JSON, text as it is; and,
 * for stderr, what was left out. An image is described, never printed as bytes.
 */
export function previewText(preview: DatasetPreview, name: string): { out: string; footer?: string } {
  const restore = `restore the whole file with --to FILE`;
  switch (preview.kind) {
    case 'table': {
      const out = csvLine(preview.columns.map((c) => c.name)) + preview.rows.map((r) => csvLine(r)).join('');
      const more = preview.rowCount > preview.rows.length;
      return {
        out,
        footer: more ? `(first ${preview.rows.length} of ${preview.rowCount} rows; ${restore})` : undefined,
      };
    }
    case 'series': {
      const rows = preview.labels.map((label, i) => csvLine([label, ...preview.series.map((s) => s.values[i])]));
      return { out: csvLine(['', ...preview.series.map((s) => s.name)]) + rows.join('') };
    }
    case 'json':
      return {
        out: `${JSON.stringify(preview.value as JsonValue, null, 2)}\n`,
        footer: preview.truncated ? `(long arrays and objects cut; ${restore})` : undefined,
      };
    case 'text':
      return {
        out: preview.text,
        footer: preview.truncated ? `(cut at ${preview.text.length} characters; ${restore})` : undefined,
      };
    case 'image':
      return { out: `Output '${name}' is an image (${preview.mime}, ${preview.bytes} bytes): ${restore}.\n` };
    default:
      return { out: `${preview.reason}\n` };
  }
}
