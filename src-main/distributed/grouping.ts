// The unit of work of a distributed run: one job per node (Kedro's default everywhere), per
// top-level namespace (Kedro's group_nodes_by), or per component of nodes joined by registered
// MemoryDatasets (kedro-airflow's group_memory_nodes). The group graph is checked for cycles.
import type { DataCatalog } from '../engine/catalog/data-catalog';
import { MemoryDataset } from '../engine/catalog/memory-dataset';
import { RunnerError } from '../engine/errors';
import type { Node } from '../engine/node';
import type { Pipeline } from '../engine/pipeline';

export type GroupBy = 'none' | 'namespace' | 'memory';

export interface Group {
  name: string;
  /** In the pipeline's order, so the group's own run keeps it. */
  nodes: Node[];
  /** The groups that must finish first. */
  after: Set<string>;
}

/** Whether `name` is a MemoryDataset the catalog registers (not a default dataset of the run). */
export function isRegisteredMemory(catalog: DataCatalog, name: string): boolean {
  return catalog.isRegistered(name) && catalog.getDataset(name) instanceof MemoryDataset;
}

export function groupNodes(pipeline: Pipeline, by: GroupBy, catalog: DataCatalog): Group[] {
  const groupOf = new Map<Node, string>();
  if (by === 'namespace') {
    for (const n of pipeline.nodes) groupOf.set(n, n.namespace ? n.namespace.split('.')[0] : n.name);
  } else if (by === 'memory') {
    const parent = new Map<Node, Node>(pipeline.nodes.map((n) => [n, n]));
    const find = (n: Node): Node => {
      while (parent.get(n) !== n) n = parent.get(n)!;
      return n;
    };
    for (const n of pipeline.nodes) {
      for (const input of n.inputs) {
        const producer = pipeline.producerOf(input);
        if (producer && isRegisteredMemory(catalog, input)) parent.set(find(n), find(producer));
      }
    }
    // A component is named after its first node (in pipeline order), plus how many it holds.
    const members = new Map<Node, Node[]>();
    for (const n of pipeline.nodes) members.set(find(n), [...(members.get(find(n)) ?? []), n]);
    for (const list of members.values()) {
      const name = list.length === 1 ? list[0].name : `${list[0].name}+${list.length - 1}`;
      for (const n of list) groupOf.set(n, name);
    }
  } else {
    for (const n of pipeline.nodes) groupOf.set(n, n.name);
  }

  const groups = new Map<string, Group>();
  for (const n of pipeline.nodes) {
    const name = groupOf.get(n)!;
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, nodes: [], after: new Set() }));
    g.nodes.push(n);
  }
  for (const g of groups.values()) {
    for (const n of g.nodes) {
      for (const p of pipeline.parentsOf(n)) if (groupOf.get(p) !== g.name) g.after.add(groupOf.get(p)!);
    }
  }
  checkAcyclic([...groups.values()], by);
  return [...groups.values()];
}

/** Refuses a grouping whose groups depend on each other in a cycle, naming it. */
function checkAcyclic(groups: Group[], by: GroupBy): void {
  const byName = new Map(groups.map((g) => [g.name, g]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (g: Group): void => {
    state.set(g.name, 'visiting');
    path.push(g.name);
    for (const dep of g.after) {
      const s = state.get(dep);
      if (s === 'visiting') {
        const cycle = [...path.slice(path.indexOf(dep)), dep];
        throw new RunnerError(
          `--group-by ${by} makes groups that depend on each other in a cycle: ${cycle.join(' -> ')}. Register the datasets between them on shared storage, or run with --group-by none.`,
        );
      }
      if (!s) visit(byName.get(dep)!);
    }
    path.pop();
    state.set(g.name, 'done');
  };
  for (const g of groups) if (!state.has(g.name)) visit(g);
}
