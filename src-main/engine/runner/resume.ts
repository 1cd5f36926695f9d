import type { DataCatalog } from '../catalog/data-catalog';
import { isEphemeral } from '../catalog/abstract-dataset';
import type { Node } from '../node';
import { Pipeline } from '../pipeline';

/**
 * The nodes to pass to `--from-nodes` to finish a run that stopped with `unfinished` nodes left:
 * walk back from them to the nearest persisted inputs (parameters count as persisted), then take
 * the first topological layer of what must run again. Kedro's algorithm.
 */
export function findNodesToResumeFrom(pipeline: Pipeline, unfinished: readonly Node[], catalog: DataCatalog): string[] {
  if (!unfinished.length) return [];
  const toRun = new Set<Node>(unfinished);
  const remaining = new Pipeline(unfinished);
  const seeds = remaining.onlyNodesWithInputs(...remaining.inputs()).nodes;
  const queue = [...seeds];
  const visited = new Set<Node>(seeds);
  while (queue.length) {
    const current = queue.shift()!;
    toRun.add(current);
    for (const input of current.inputs) {
      if (isPersistent(input, catalog)) continue;
      const producer = pipeline.producerOf(input);
      if (producer && !visited.has(producer)) {
        visited.add(producer);
        queue.push(producer);
      }
    }
  }
  const closed = pipeline.fromNodes(...[...toRun].map((n) => n.name));
  const first = pipeline.onlyNodes(...closed.nodes.map((n) => n.name)).groupedNodes[0] ?? [];
  return first.map((n) => n.name).sort();
}

function isPersistent(dataset: string, catalog: DataCatalog): boolean {
  if (dataset.startsWith('params:')) return true;
  if (!catalog.isRegistered(dataset)) return false;
  return !isEphemeral(catalog.getDataset(dataset));
}
