import { DatasetError } from '../engine/errors';

/** How one column's text turns into values. */
export type ColumnCast = (text: string) => unknown;

// No leading zero before a digit ("007", "0123" stay text: zip codes, ids) and no hex or "Infinity".
const NUMBER = /^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$|^[-+]?\.\d+(?:[eE][-+]?\d+)?$|^[-+]?(?:0|[1-9]\d*)\.$/;

/** The default: numbers become numbers, true/false booleans, an empty cell null; the rest stays text. */
export const autoCast: ColumnCast = (text) => {
  if (text === '') return null;
  if (NUMBER.test(text)) return Number(text);
  if (text === 'true' || text === 'True') return true;
  if (text === 'false' || text === 'False') return false;
  return text;
};

const keepText: ColumnCast = (text) => text;

const DTYPES: Record<string, ColumnCast> = {
  str: keepText,
  string: keepText,
  object: keepText,
  int: toNumber,
  int64: toNumber,
  float: toNumber,
  float64: toNumber,
  number: toNumber,
  bool: (t) => (t === '' ? null : ['true', 'True', '1'].includes(t)),
  boolean: (t) => (t === '' ? null : ['true', 'True', '1'].includes(t)),
};

function toNumber(text: string): number | null {
  if (text.trim() === '') return null;
  return Number(text);
}

/** How one column is cast: inferred from its cells ('auto'), kept as text, or by a dtype's function. */
export type CastRule = 'auto' | 'text' | ColumnCast;

/**
 * The casting chosen by `load_args`: `cast: false` keeps every cell as text, `cast: { col: false }`
 * per column, and pandas' `dtype: { col: str | int | float | bool }`.
 */
export function castRules(loadArgs: Record<string, unknown>): (column: string) => CastRule {
  const { cast, dtype } = loadArgs;
  const perColumn = new Map<string, CastRule>();
  let fallback: CastRule = 'auto';
  if (cast === false) fallback = 'text';
  else if (cast !== undefined && cast !== true) {
    if (typeof cast !== 'object' || cast === null || Array.isArray(cast)) {
      throw new DatasetError(
        `CSVDataset: load_args.cast must be true, false or a mapping of column to true/false, got ${JSON.stringify(cast)}.`,
      );
    }
    for (const [col, on] of Object.entries(cast)) perColumn.set(col, on === false ? 'text' : 'auto');
  }
  if (dtype !== undefined) {
    if (typeof dtype !== 'object' || dtype === null || Array.isArray(dtype)) {
      throw new DatasetError(
        `CSVDataset: load_args.dtype must be a mapping of column to type, got ${JSON.stringify(dtype)}.`,
      );
    }
    for (const [col, type] of Object.entries(dtype)) {
      const fn = DTYPES[String(type)];
      if (!fn)
        throw new DatasetError(
          `CSVDataset: unknown dtype '${String(type)}' for column '${col}'. Use one of ${Object.keys(DTYPES).join(', ')}.`,
        );
      perColumn.set(col, fn === keepText ? 'text' : fn);
    }
  }
  return (column) => perColumn.get(column) ?? fallback;
}

/** The same choice as one function per column, applied cell by cell. */
export function columnCasts(loadArgs: Record<string, unknown>): (column: string | number) => ColumnCast {
  const rules = castRules(loadArgs);
  return (column) => {
    const rule = rules(String(column));
    return rule === 'auto' ? autoCast : rule === 'text' ? keepText : rule;
  };
}
