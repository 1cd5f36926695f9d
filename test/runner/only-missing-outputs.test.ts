// Kedro 1.x's tests/runner/test_only_missing_outputs.py, ported: the same pipelines, the same
// catalogs, the same log lines. The filter runs in AbstractRunner.run before the runner's own
// _run, so one runner here serves all three; the CLI test runs it on each runner with real files.
import { describe, expect, it } from 'vitest';
import { AbstractDataset } from '../../src-main/engine/catalog/abstract-dataset';
import { DataCatalog } from '../../src-main/engine/catalog/data-catalog';
import { MemoryDataset } from '../../src-main/engine/catalog/memory-dataset';
import { pipeline } from '../../src-main/engine/modular-pipeline';
import { node } from '../../src-main/engine/node';
import type { Pipeline } from '../../src-main/engine/pipeline';
import { isPersistentAndMissing } from '../../src-main/engine/runner/missing-outputs';
import { SequentialRunner } from '../../src-main/engine/runner/sequential-runner';
import type { RunEvent } from '../../src-shared/run-events';

/** A persistent dataset whose `exists()` answers as told (Kedro's DummyDataset). */
class DummyDataset extends AbstractDataset {
  constructor(
    private readonly existsResult = false,
    private data: unknown = 'test_data',
  ) {
    super();
  }
  load(): unknown {
    return this.data;
  }
  save(data: unknown): void {
    this.data = data;
  }
  exists(): boolean {
    return this.existsResult;
  }
}

const identity = (x: unknown) => x;
const mem = (data?: unknown) => new MemoryDataset(data === undefined ? {} : { data });
const persistent = (exists: boolean) => new DummyDataset(exists);

async function run(p: Pipeline, catalog: DataCatalog, onlyMissingOutputs = true) {
  const events: RunEvent[] = [];
  await new SequentialRunner().run(p, catalog, { onEvent: (e) => events.push(e), onlyMissingOutputs });
  const logs = events.flatMap((e) => (e.type === 'log' ? [`${e.level.toUpperCase()} ${e.message}`] : []));
  const ran = events.flatMap((e) => (e.type === 'node-end' ? [e.node] : []));
  const started = events.find((e) => e.type === 'run-start');
  return { logs, text: logs.join('\n'), ran, nodes: started?.type === 'run-start' ? started.nodes : [] };
}

describe('only missing outputs (Kedro 1.x)', () => {
  it('all outputs missing: the node runs', async () => {
    const r = await run(
      pipeline([node(identity, 'input', 'output', { name: 'node1' })]),
      new DataCatalog({ input: mem('x'), output: persistent(false) }),
    );
    expect(r.text).toContain('INFO Running 1 out of 1 nodes');
    expect(r.ran).toEqual(['node1']);
  });

  it('the final output exists: every node is skipped, and the run still ends successfully', async () => {
    const p = pipeline([node(identity, 'A', 'B', { name: 'node1' }), node(identity, 'B', 'C', { name: 'node2' })]);
    const r = await run(p, new DataCatalog({ A: mem('a'), B: mem('b'), C: persistent(true) }));
    expect(r.text).toContain('INFO Skipping all 2 nodes (all persistent outputs exist)');
    expect(r.nodes).toEqual([]);
    expect(r.text).toMatch(/Pipeline execution completed successfully/);
  });

  it('the final output missing behind an ephemeral intermediate: both nodes run', async () => {
    const p = pipeline([node(identity, 'A', 'B', { name: 'node1' }), node(identity, 'B', 'C', { name: 'node2' })]);
    const r = await run(p, new DataCatalog({ A: mem('a'), B: mem('b'), C: persistent(false) }));
    expect(r.text).toContain('Running 2 out of 2 nodes');
  });

  it('granular skipping: an upstream node whose persistent output exists is skipped', async () => {
    const p = pipeline([node(identity, 'A', 'B', { name: 'node1' }), node(identity, 'B', 'C', { name: 'node2' })]);
    const r = await run(p, new DataCatalog({ A: mem('a'), B: persistent(true), C: persistent(false) }));
    expect(r.text).toContain('INFO Skipping 1 nodes with existing outputs: node1');
    expect(r.text).toContain('INFO Running 1 out of 2 nodes');
    expect(r.ran).toEqual(['node2']);
  });

  it('complex granular skipping', async () => {
    const p = pipeline([
      node(identity, 'input', 'persistentA', { name: 'nodeA' }),
      node(identity, 'persistentA', 'persistentB', { name: 'nodeB' }),
      node(identity, 'input', 'persistentC', { name: 'nodeC' }),
      node(identity, 'persistentC', 'persistentD', { name: 'nodeD' }),
    ]);
    const catalog = new DataCatalog({
      input: mem('d'),
      persistentA: persistent(true),
      persistentB: persistent(false),
      persistentC: persistent(true),
      persistentD: persistent(false),
    });
    const r = await run(p, catalog);
    expect(r.text).toContain('Skipping 2 nodes with existing outputs: nodeA, nodeC');
    expect(r.text).toContain('Running 2 out of 4 nodes');
  });

  it('without the option nothing is filtered and nothing is logged about it', async () => {
    const r = await run(
      pipeline([node(identity, 'input', 'output', { name: 'node1' })]),
      new DataCatalog({ input: mem('x'), output: persistent(true) }),
      false,
    );
    expect(r.ran).toEqual(['node1']);
    expect(r.text).not.toMatch(/Skipping|out of 1 nodes/);
  });

  it('complex topology: branches of memory datasets follow their persistent ends', async () => {
    const p = pipeline([
      node(identity, 'input1', 'memA', { name: 'nodeA' }),
      node(identity, 'memA', 'persistentA', { name: 'nodeB' }),
      node(identity, 'input1', 'memC', { name: 'nodeC' }),
      node(identity, 'memC', 'persistentC', { name: 'nodeD' }),
      node(identity, 'input2', 'memE', { name: 'nodeE' }),
      node(identity, 'memE', 'persistentE', { name: 'nodeF' }),
    ]);
    const catalog = new DataCatalog({
      input1: mem('1'),
      input2: mem('2'),
      memA: mem(),
      memC: mem(),
      memE: mem(),
      persistentA: persistent(true),
      persistentC: persistent(false),
      persistentE: persistent(false),
    });
    const r = await run(p, catalog);
    expect(r.text).toContain('Skipping 2 nodes with existing outputs: nodeA, nodeB');
    expect(r.text).toContain('Running 4 out of 6 nodes');
  });

  it('a node feeding only a skipped node is skipped too ("wasteful" nodes)', async () => {
    const p = pipeline([
      node(identity, 'input', 'memA', { name: 'nodeA' }),
      node((x: unknown) => x, ['memA', 'memC'], 'persistentB', { name: 'nodeB' }),
      node(identity, 'input', 'memC', { name: 'nodeC' }),
    ]);
    const r = await run(
      p,
      new DataCatalog({ input: mem('i'), memA: mem(), memC: mem(), persistentB: persistent(true) }),
    );
    expect(r.text).toContain('Skipping all 3 nodes (all persistent outputs exist)');
  });

  it('a factory pattern makes a persistent dataset: missing, so its node runs', async () => {
    const catalog = new DataCatalog(
      { input: mem('x') },
      { resolver: (name) => (name.startsWith('output_') ? persistent(false) : undefined) },
    );
    const r = await run(pipeline([node(identity, 'input', 'output_test', { name: 'node1' })]), catalog);
    expect(r.text).toContain('Running 1 out of 1 nodes');
  });

  it("an error from the catalog's lookup is not caught", async () => {
    const catalog = new DataCatalog(
      { input: mem('x') },
      {
        resolver: (name) => {
          if (name === 'output') throw new Error('Simulated catalog error');
          return undefined;
        },
      },
    );
    const p = pipeline([node(identity, 'input', 'output', { name: 'node1' })]);
    await expect(new SequentialRunner().run(p, catalog, { onlyMissingOutputs: true })).rejects.toThrow(
      'Simulated catalog error',
    );
  });

  it('a diamond of memory datasets behind a missing output: all four run', async () => {
    const p = pipeline([
      node(() => 'shared_data', null, 'shared_output', { name: 'shared_node' }),
      node((x: string) => `b_${x}`, 'shared_output', 'B', { name: 'nodeB' }),
      node((x: string) => `c_${x}`, 'shared_output', 'C', { name: 'nodeC' }),
      node((b: string, c: string) => `${b}+${c}`, ['B', 'C'], 'D', { name: 'nodeD' }),
    ]);
    const r = await run(p, new DataCatalog({ shared_output: mem(), B: mem(), C: mem(), D: persistent(false) }));
    expect(r.text).toContain('Running 4 out of 4 nodes');
  });

  it('which datasets count as missing: registered, not ephemeral, not existing', async () => {
    const catalog = new DataCatalog({ mem_output: mem(), exists: persistent(true), missing: persistent(false) });
    expect(await isPersistentAndMissing('mem_output', catalog)).toBe(false);
    expect(await isPersistentAndMissing('exists', catalog)).toBe(false);
    expect(await isPersistentAndMissing('missing', catalog)).toBe(true);
    expect(await isPersistentAndMissing('undefined_output', catalog)).toBe(false);
  });

  it('an unregistered output alone never makes a node run', async () => {
    const r = await run(
      pipeline([node(identity, 'input', 'output_test', { name: 'node1' })]),
      new DataCatalog({ input: mem('x') }),
    );
    expect(r.text).toContain('Skipping all 1 nodes (all persistent outputs exist)');
  });

  it('a node with a persistent output missing runs, whatever its memory outputs', async () => {
    const p = pipeline([
      node((x: string) => [x, `${x}_persistent`], 'input', ['ephemeral_out', 'persistent_out'], { name: 'mixed_node' }),
    ]);
    const r = await run(
      p,
      new DataCatalog({ input: mem('data'), ephemeral_out: mem(), persistent_out: persistent(false) }),
    );
    expect(r.text).toContain('Running 1 out of 1 nodes');
  });

  it('nodes with no outputs always run, and say why at DEBUG', async () => {
    const p = pipeline([
      node(identity, 'input', 'intermediate', { name: 'node1' }),
      node(() => undefined, 'intermediate', null, { name: 'node_no_output' }),
      node(identity, 'intermediate', 'final', { name: 'node3' }),
    ]);
    const r = await run(
      p,
      new DataCatalog({ input: mem('x'), intermediate: persistent(true), final: persistent(true) }),
    );
    expect(r.text).toContain("DEBUG Node 'node_no_output' must run: has no outputs");
    expect(r.text).toContain('Skipping 2 nodes with existing outputs: node1, node3');
    expect(r.text).toContain('Running 1 out of 3 nodes');
    expect(r.ran).toEqual(['node_no_output']);
  });

  it('an unregistered intermediate needed by a running child pulls its producer in', async () => {
    const p = pipeline([
      node(identity, 'input', 'ephemeral_data', { name: 'child' }),
      node(identity, 'ephemeral_data', 'persistent_output', { name: 'parent' }),
    ]);
    const r = await run(p, new DataCatalog({ input: mem('x'), persistent_output: persistent(false) }));
    expect(r.text).toContain('Running 2 out of 2 nodes');
    expect(r.text).toContain("DEBUG Node 'parent' must run: has missing output 'persistent_output'");
    expect(r.text).toContain("DEBUG Node 'child' must run: produces 'ephemeral_data' needed by running child 'parent'");
  });

  it('several no-output nodes among existing outputs', async () => {
    const p = pipeline([
      node(identity, 'input', 'data1', { name: 'node1' }),
      node(() => undefined, 'data1', null, { name: 'logger1' }),
      node(identity, 'data1', 'data2', { name: 'node2' }),
      node(() => undefined, 'data2', null, { name: 'logger2' }),
      node(identity, 'data2', 'final_output', { name: 'node3' }),
    ]);
    const r = await run(
      p,
      new DataCatalog({
        input: mem('x'),
        data1: persistent(true),
        data2: persistent(true),
        final_output: persistent(true),
      }),
    );
    expect(r.text).toContain("Node 'logger1' must run: has no outputs");
    expect(r.text).toContain("Node 'logger2' must run: has no outputs");
    expect(r.text).toContain('Skipping 3 nodes with existing outputs: node1, node2, node3');
    expect(r.text).toContain('Running 2 out of 5 nodes');
  });
});
