// Turns any loaded value into a bounded, JSON-safe preview the renderer can draw: a table, a
// series, a JSON tree, text or an image. Size limits keep a preview small enough for IPC.
import type { DatasetPreview, JsonValue, TablePreview } from '../../src-shared/api-types';
import { aq, isArrowTable, isTable, type Table } from '../table';
import { sniffImage } from '../datasets/image-format';
import { toJsonValue } from './json-safe';

export { sniffImage };

export type PreviewContext = Pick<DatasetPreview, 'dataset' | 'source' | 'version' | 'runId'>;
export interface Page {
  offset: number;
  limit: number;
}

const MAX_TEXT = 200_000;
const MAX_IMAGE = 8 * 1024 * 1024;
const MAX_POINTS = 10_000;
const TYPE_SAMPLE = 1_000;

type ColumnType = TablePreview['columns'][number]['type'];

export function previewValue(value: unknown, ctx: PreviewContext, page: Page): DatasetPreview {
  // An SVG document (as ImageDataset saves one) is drawn, not listed as text.
  if (typeof value === 'string')
    return isSvgText(value) ? bytesPreview(Buffer.from(value, 'utf8'), ctx) : textPreview(value, ctx);
  if (isTable(value)) return tablePreview(value, ctx, page);
  if (isArrowTable(value)) return tablePreview(aq.fromArrow(value as Parameters<typeof aq.fromArrow>[0]), ctx, page);
  if (value instanceof ArrayBuffer) return bytesPreview(new Uint8Array(value), ctx);
  if (ArrayBuffer.isView(value))
    return bytesPreview(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), ctx);
  if (Array.isArray(value) && value.length > 0) {
    if (value.every(isRecord)) return recordsTable(value as Record<string, unknown>[], ctx, page);
    if (value.every(Array.isArray)) return matrixTable(value as unknown[][], ctx, page);
    if (value.every(isNumber))
      return series(
        ctx,
        value.map((_, i) => i),
        [{ name: ctx.dataset, values: value as number[] }],
      );
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    const len = (entries[0]?.[1] as unknown[] | undefined)?.length;
    // Columns of numbers of one length, as in `{ x: [...], y: [...] }`: a chart.
    if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v) && v.length === len && v.every(isNumber))) {
      return series(
        ctx,
        Array.from({ length: len ?? 0 }, (_, i) => i),
        entries.map(([name, values]) => ({ name, values: values as number[] })),
      );
    }
  }
  const { value: json, truncated } = toJsonValue(value);
  return { ...ctx, kind: 'json', value: json, truncated };
}

export function textPreview(text: string, ctx: PreviewContext, totalBytes = Buffer.byteLength(text)): DatasetPreview {
  const truncated = text.length > MAX_TEXT;
  return { ...ctx, kind: 'text', text: truncated ? text.slice(0, MAX_TEXT) : text, truncated, totalBytes };
}

export function bytesPreview(bytes: Uint8Array, ctx: PreviewContext): DatasetPreview {
  const mime = sniffImage(bytes);
  if (mime) {
    if (bytes.byteLength > MAX_IMAGE)
      return {
        ...ctx,
        kind: 'unsupported',
        reason: `The image is ${bytes.byteLength} bytes, more than a preview shows.`,
      };
    return {
      ...ctx,
      kind: 'image',
      mime,
      bytes: bytes.byteLength,
      dataUrl: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`,
    };
  }
  const head = bytes.subarray(0, Math.min(bytes.byteLength, 4096));
  if (head.includes(0))
    return { ...ctx, kind: 'unsupported', reason: `Binary data (${bytes.byteLength} bytes) with no preview.` };
  return textPreview(Buffer.from(bytes.subarray(0, MAX_TEXT * 4)).toString('utf8'), ctx, bytes.byteLength);
}

function recordsTable(rows: Record<string, unknown>[], ctx: PreviewContext, page: Page): DatasetPreview {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows.slice(0, TYPE_SAMPLE)) {
    for (const key of Object.keys(row)) {
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(key);
    }
  }
  const slice = rows.slice(page.offset, page.offset + page.limit);
  return {
    ...ctx,
    kind: 'table',
    columns: names.map((name) => ({ name, type: columnType(rows.slice(0, TYPE_SAMPLE).map((r) => r[name])) })),
    rowCount: rows.length,
    offset: page.offset,
    rows: slice.map((row) => names.map((n) => cell(row[n]))),
  };
}

/** A table as CSV data shows: its columns, typed from the first rows, and one page of rows. */
function tablePreview(t: Table, ctx: PreviewContext, page: Page): DatasetPreview {
  const names = t.columnNames();
  const sample = t.slice(0, TYPE_SAMPLE).objects() as Record<string, unknown>[];
  const rows = t.slice(page.offset, page.offset + page.limit).objects() as Record<string, unknown>[];
  return {
    ...ctx,
    kind: 'table',
    columns: names.map((name) => ({ name, type: columnType(sample.map((r) => r[name])) })),
    rowCount: t.numRows(),
    offset: page.offset,
    rows: rows.map((row) => names.map((n) => cell(row[n]))),
  };
}

function matrixTable(rows: unknown[][], ctx: PreviewContext, page: Page): DatasetPreview {
  const width = Math.max(...rows.slice(0, TYPE_SAMPLE).map((r) => r.length));
  const names = Array.from({ length: width }, (_, i) => String(i));
  const slice = rows.slice(page.offset, page.offset + page.limit);
  return {
    ...ctx,
    kind: 'table',
    columns: names.map((name, i) => ({ name, type: columnType(rows.slice(0, TYPE_SAMPLE).map((r) => r[i])) })),
    rowCount: rows.length,
    offset: page.offset,
    rows: slice.map((row) => names.map((_, i) => cell(row[i]))),
  };
}

function series(
  ctx: PreviewContext,
  labels: number[],
  lines: Array<{ name: string; values: number[] }>,
): DatasetPreview {
  const truncated = labels.length > MAX_POINTS;
  return {
    ...ctx,
    kind: 'series',
    labels: labels.slice(0, MAX_POINTS),
    series: lines.map((l) => ({ name: l.name, values: l.values.slice(0, MAX_POINTS) })),
    truncated,
  };
}

export function cell(v: unknown): JsonValue {
  return toJsonValue(v, { maxItems: 20, maxDepth: 3, maxString: 2_000 }).value;
}

export function columnType(values: unknown[]): ColumnType {
  const kinds = new Set<ColumnType>();
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    kinds.add(
      typeof v === 'number' || typeof v === 'bigint'
        ? 'number'
        : typeof v === 'boolean'
          ? 'boolean'
          : typeof v === 'string'
            ? 'string'
            : v instanceof Date
              ? 'date'
              : 'object',
    );
  }
  if (kinds.size === 0) return 'null';
  return kinds.size === 1 ? [...kinds][0]! : 'mixed';
}

function isSvgText(text: string): boolean {
  return sniffImage(Buffer.from(text.slice(0, 256), 'utf8')) === 'image/svg+xml';
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
function isRecord(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
