// What a distributed run refuses before anything is enqueued: data that cannot cross machines.
import type { DataCatalog } from '../engine/catalog/data-catalog';
import { RunnerError } from '../engine/errors';
import type { Pipeline } from '../engine/pipeline';
import { isRegisteredMemory, type Group } from './grouping';

/** A registered MemoryDataset lives in one process: refused between two groups, with the way out. */
export function checkMemoryCrossings(pipeline: Pipeline, groups: Group[], catalog: DataCatalog): void {
  const groupOf = new Map(groups.flatMap((g) => g.nodes.map((n) => [n, g.name] as const)));
  const crossing: string[] = [];
  for (const name of [...pipeline.datasets()].sort()) {
    if (!isRegisteredMemory(catalog, name)) continue;
    const producer = pipeline.producerOf(name);
    if (!producer) continue;
    const apart = pipeline.consumersOf(name).filter((c) => groupOf.get(c) !== groupOf.get(producer));
    if (apart.length) {
      crossing.push(`'${name}' (written by '${producer.name}', read by ${apart.map((c) => `'${c.name}'`).join(', ')})`);
    }
  }
  if (crossing.length) {
    throw new RunnerError(
      `DistributedRunner runs each job on any machine, so a MemoryDataset cannot pass between jobs: ${crossing.join(', ')}. Register it in catalog.yml as a file dataset on shared storage, leave it out of catalog.yml (it then goes to the run's scratch folder), or run with --group-by memory.`,
    );
  }
}

/** SQLite's WAL does not work over a network file system: one database, one writing group. */
export function checkSqliteWriters(pipeline: Pipeline, groups: Group[], catalog: DataCatalog): void {
  const groupOf = new Map(groups.flatMap((g) => g.nodes.map((n) => [n, g.name] as const)));
  const writers = new Map<string, { datasets: Set<string>; groups: Set<string> }>();
  for (const n of pipeline.nodes) {
    for (const out of n.outputs) {
      if (!catalog.has(out)) continue;
      const file = sqliteFile(catalog, out);
      if (!file) continue;
      const w = writers.get(file) ?? { datasets: new Set(), groups: new Set() };
      w.datasets.add(out);
      w.groups.add(groupOf.get(n)!);
      writers.set(file, w);
    }
  }
  for (const [file, w] of writers) {
    if (w.groups.size > 1) {
      throw new RunnerError(
        `SQLite database ${file} would be written from ${w.groups.size} jobs (${[...w.groups].join(', ')}; datasets ${[...w.datasets].join(', ')}), possibly on different machines, and SQLite does not work over a network file system. Put its writers in one group (--group-by namespace, with one namespace) or use another dataset type.`,
      );
    }
  }
}

function sqliteFile(catalog: DataCatalog, name: string): string | undefined {
  let ds;
  try {
    ds = catalog.getDataset(name);
  } catch {
    return undefined;
  }
  if (!/SQLTable/.test(ds.typeName) && !/SQLTable/.test(ds.constructor.name)) return undefined;
  const filepath = ds.describe().filepath;
  return typeof filepath === 'string' ? filepath : undefined;
}
