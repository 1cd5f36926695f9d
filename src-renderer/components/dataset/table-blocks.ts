// The explorer's rows, fetched from the host in blocks as they scroll into view: a block is asked
// for once per query, and a reply for an older query (sort or filter changed since) is dropped.
import { shallowRef, triggerRef } from 'vue';
import type { CommandArgs, JsonValue, TablePage, TableSource, TableStats } from '../../../src-shared/contract';
import { call } from '../../api/client';

export const BLOCK = 200;

/** How the explorer reaches its data: the host's API by default; History may pass its own. */
export interface TableApi {
  page(args: CommandArgs<'datasets.table'>): Promise<TablePage>;
  stats(args: CommandArgs<'datasets.stats'>): Promise<TableStats>;
}

export const hostTableApi: TableApi = {
  page: (args) => call('datasets.table', args),
  stats: (args) => call('datasets.stats', args),
};

export type Query = Pick<CommandArgs<'datasets.table'>, 'sort' | 'filter'>;

export function useTableBlocks(api: () => TableApi, source: () => TableSource, onError: (e: Error) => void) {
  const blocks = shallowRef(new Map<number, { rows: JsonValue[][]; rowNumbers: number[] }>());
  const head = shallowRef<TablePage | null>(null);
  const asked = new Set<number>();
  let query: Query = {};
  let generation = 0;

  async function fetchBlock(b: number): Promise<void> {
    if (asked.has(b)) return;
    asked.add(b);
    const mine = generation;
    try {
      const page = await api().page({ ...source(), ...query, offset: b * BLOCK, limit: BLOCK });
      if (mine !== generation) return;
      if (b === 0 || !head.value) head.value = page;
      blocks.value.set(b, { rows: page.rows, rowNumbers: page.rowNumbers });
      triggerRef(blocks);
    } catch (err) {
      if (mine !== generation) return;
      asked.delete(b);
      onError(err as Error);
    }
  }

  /** Starts over with a new sort or filter: the first block is fetched at once. */
  function reset(next: Query): Promise<void> {
    generation++;
    query = next;
    asked.clear();
    blocks.value = new Map();
    return fetchBlock(0);
  }

  /** Fetches the blocks rows [from, to] fall in. */
  function want(from: number, to: number): void {
    for (let b = Math.floor(from / BLOCK); b <= Math.floor(to / BLOCK); b++) void fetchBlock(b);
  }

  function rowAt(i: number): { row: JsonValue[]; n: number } | undefined {
    const block = blocks.value.get(Math.floor(i / BLOCK));
    const k = i % BLOCK;
    return block && k < block.rows.length ? { row: block.rows[k]!, n: block.rowNumbers[k]! } : undefined;
  }

  return { head, blocks, reset, want, rowAt };
}
