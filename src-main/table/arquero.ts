// arquero, loaded on first use: importing 'pipewright' (every project module, every worker) must not
// pay for a table library that a project without tables never touches.
import type * as Arquero from 'arquero';

export type ArqueroModule = typeof Arquero;
/** A table: arquero's ColumnTable, columnar, with pandas-like verbs (README, "Tables"). */
export type Table = Arquero.ColumnTable;

let loaded: ArqueroModule | undefined;

export function arquero(): ArqueroModule {
  return (loaded ??= require('arquero') as ArqueroModule);
}

/**
 * arquero's namespace (`aq.table`, `aq.from`, `aq.op`, `aq.escape`, `aq.desc`, `aq.not`…), read
 * through to the module on first access.
 */
export const aq: ArqueroModule = lazyNamespace(arquero);

/** A module's namespace that loads the module on first access. */
export function lazyNamespace<T extends object>(load: () => T): T {
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(load(), key),
    has: (_, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d && { ...d, configurable: true };
    },
  });
}

/**
 * Whether a value is an arquero table, by shape rather than class, so that it holds for a copy
 * of arquero a project installed itself and never loads arquero to answer.
 */
export function isTable(value: unknown): value is Table {
  if (value === null || typeof value !== 'object') return false;
  const t = value as Partial<Record<'toArrowIPC' | 'columnNames' | 'numRows' | 'objects', unknown>>;
  return (
    typeof t.toArrowIPC === 'function' &&
    typeof t.columnNames === 'function' &&
    typeof t.numRows === 'function' &&
    typeof t.objects === 'function'
  );
}

/** Whether a value is an apache-arrow Table, of any copy of the package (its own cross-copy mark). */
export function isArrowTable(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[ARROW_TABLE] === true;
}
const ARROW_TABLE = Symbol.for('apache-arrow/Table');
