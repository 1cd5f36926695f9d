import { isEphemeral } from '../catalog/abstract-dataset';
import type { DataCatalog } from '../catalog/data-catalog';
import type { Logger } from '../logger';
import type { Node } from '../node';
import { Pipeline } from '../pipeline';

/**
 * Kedro's `only_missing_outputs`: the nodes that must run for every persistent output to exist.
 * Walking the nodes in reverse topological order, a node is kept when it has no outputs, when one
 * of its outputs is a registered, non-ephemeral dataset that does not exist, or when it produces
 * an input of a kept node and that dataset is unregistered, ephemeral or missing. An unregistered
 * output alone never makes a node run. Logs what it skips as Kedro does.
 */
export async function filterMissingOutputs(
  pipeline: Pipeline,
  catalog: DataCatalog,
  logger: Logger,
): Promise<Pipeline> {
  const kept = new Set<Node>();
  for (const node of [...pipeline.nodes].reverse()) {
    if (await mustRun(node, pipeline, catalog, kept, logger)) kept.add(node);
  }
  const total = pipeline.nodes.length;
  if (!kept.size) {
    logger.info(`Skipping all ${total} nodes (all persistent outputs exist)`);
    return new Pipeline([]);
  }
  const filtered = pipeline.onlyNodes(...[...kept].map((n) => n.name));
  const skipped = pipeline.nodes.filter((n) => !kept.has(n)).map((n) => n.name);
  if (skipped.length)
    logger.info(`Skipping ${skipped.length} nodes with existing outputs: ${skipped.sort().join(', ')}`);
  logger.info(`Running ${filtered.nodes.length} out of ${total} nodes`);
  return filtered;
}

async function mustRun(
  node: Node,
  pipeline: Pipeline,
  catalog: DataCatalog,
  kept: Set<Node>,
  logger: Logger,
): Promise<boolean> {
  if (!node.outputs.length) {
    logger.debug(`Node '${node.name}' must run: has no outputs`);
    return true;
  }
  for (const output of node.outputs) {
    if (await isPersistentAndMissing(output, catalog)) {
      logger.debug(`Node '${node.name}' must run: has missing output '${output}'`);
      return true;
    }
  }
  for (const child of pipeline.childrenOf(node)) {
    if (!kept.has(child)) continue;
    for (const dataset of node.outputs.filter((d) => child.inputs.includes(d))) {
      if (await isEphemeralOrMissing(dataset, catalog)) {
        logger.debug(`Node '${node.name}' must run: produces '${dataset}' needed by running child '${child.name}'`);
        return true;
      }
    }
  }
  return false;
}

/** A registered (or pattern-matched), non-ephemeral dataset whose data does not exist. */
export async function isPersistentAndMissing(name: string, catalog: DataCatalog): Promise<boolean> {
  if (!catalog.has(name)) return false;
  if (isEphemeral(catalog.getDataset(name))) return false;
  return !(await catalog.exists(name));
}

async function isEphemeralOrMissing(name: string, catalog: DataCatalog): Promise<boolean> {
  if (!catalog.has(name)) return true;
  if (isEphemeral(catalog.getDataset(name))) return true;
  return !(await catalog.exists(name));
}
