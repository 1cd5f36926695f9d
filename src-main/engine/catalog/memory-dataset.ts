import { DatasetError } from '../errors';
import { AbstractDataset } from './abstract-dataset';

export type CopyMode = 'deepcopy' | 'copy' | 'assign';

const EMPTY = Symbol('empty');

/**
 * Holds data in memory. Loads and saves copy the data (structured clone) so that a node cannot
 * change what another node sees; `copyMode: 'assign'` shares it instead.
 */
export class MemoryDataset<T = unknown> extends AbstractDataset<T> {
  static override ephemeral = true;
  private data: T | typeof EMPTY = EMPTY;
  readonly copyMode: CopyMode | undefined;

  constructor(options: { data?: T; copyMode?: CopyMode; copy_mode?: CopyMode } = {}) {
    super();
    const mode = options.copyMode ?? options.copy_mode;
    if (mode !== undefined && !['deepcopy', 'copy', 'assign'].includes(mode)) {
      throw new DatasetError(`Invalid copy mode: ${mode}. Possible values are: deepcopy, copy, assign.`);
    }
    this.copyMode = mode;
    if ('data' in options && options.data !== undefined) this.data = options.data;
  }

  load(): T {
    if (this.data === EMPTY) throw new DatasetError('Data for MemoryDataset has not been saved yet.');
    return copyData(this.data, this.copyMode);
  }

  save(data: T): void {
    this.data = copyData(data, this.copyMode);
  }

  exists(): boolean {
    return this.data !== EMPTY;
  }

  release(): void {
    this.data = EMPTY;
  }

  describe(): Record<string, unknown> {
    if (this.data === EMPTY) return {};
    const d = this.data as unknown;
    return { data: `<${Array.isArray(d) ? 'Array' : d === null ? 'null' : typeof d === 'object' ? (d as object).constructor?.name ?? 'Object' : typeof d}>` };
  }
}

/**
 * Primitives and functions pass as they are; plain data is cloned. Values that cannot be cloned
 * (class instances with methods, functions inside objects) are shared, as Kedro's "assign" mode.
 */
function copyData<T>(data: T, mode: CopyMode | undefined): T {
  if (mode === 'assign' || data === null || typeof data !== 'object') return data;
  if (mode === 'copy') return (Array.isArray(data) ? [...data] : { ...data }) as T;
  try {
    return structuredClone(data);
  } catch {
    return data;
  }
}
