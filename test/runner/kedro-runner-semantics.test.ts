// Kedro's tests/runner/test_thread_runner.py and test_parallel_runner.py (kedro-semantics.md 2.2-2.4),
// in our own words, for the runners that use workers.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  AbstractDataset,
  LambdaDataset,
  MemoryDataset,
  RunnerError,
  node,
  pipeline,
  type Hooks,
} from '../../src-main/engine';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { basicProject, dataDir, runBasic } from './helpers';

class LoggingDataset extends AbstractDataset<unknown> {
  constructor(
    private readonly log: string[],
    private readonly name: string,
    private value: unknown = undefined,
  ) {
    super();
  }
  load() {
    this.log.push(`load ${this.name}`);
    return this.value;
  }
  save(data: unknown) {
    this.value = data;
  }
  release() {
    this.log.push(`release ${this.name}`);
    this.value = undefined;
  }
}

class SingleProcessDataset extends AbstractDataset<unknown> {
  static override singleProcess = true;
  load() {
    return 1;
  }
  save() {}
}

const make = {
  ThreadRunner: (o: { maxWorkers?: number; isAsync?: boolean } = {}) => new ThreadRunner({ maxWorkers: 2, ...o }),
  ParallelRunner: (o: { maxWorkers?: number; isAsync?: boolean } = {}) => new ParallelRunner({ maxWorkers: 2, ...o }),
};

describe.each(Object.keys(make) as Array<keyof typeof make>)('%s, as Kedro tests it', (name) => {
  const runner = make[name];

  it.each([false, true])('fan_out_fan_in gives Z = [42, 42, 42] (async %s)', async (isAsync) => {
    const ran = await runBasic(runner({ isAsync }), 'fan_out_fan_in', { A: 42 });
    expect(ran.error).toBeUndefined();
    expect(ran.result).toEqual({ Z: [42, 42, 42] });
  });

  it('a MemoryDataset input works', async () => {
    const ran = await runBasic(runner(), 'fan_out_fan_in', { A: new MemoryDataset({ data: '42' }) });
    expect(ran.result).toEqual({ Z: ['42', '42', '42'] });
  });

  it('logs the synchronous-mode hint only for ParallelRunner, as Kedro', async () => {
    const ran = await runBasic(runner(), 'chain', { a: 1 });
    const hinted = ran.logs.some((l) => l.startsWith('Using synchronous mode for loading and saving data.'));
    expect(hinted).toBe(name === 'ParallelRunner');
  });

  it('refuses maxWorkers of 0 or less', () => {
    expect(() => runner({ maxWorkers: 0 })).toThrow(RunnerError);
    expect(() => runner({ maxWorkers: -1 })).toThrow(/maxWorkers must be a positive number of workers, not -1/);
  });

  it('uses min(maxWorkers, nodes - layers + 1) workers', async () => {
    const six = await runBasic(runner({ maxWorkers: 6 }), 'fan_out_fan_in', { A: 1 });
    expect(six.events[0]).toMatchObject({ type: 'run-start', maxWorkers: 3 });
    const dflt = await runBasic(name === 'ThreadRunner' ? new ThreadRunner() : new ParallelRunner(), 'fan_out_fan_in', {
      A: 1,
    });
    expect(dflt.events[0]).toMatchObject({ maxWorkers: Math.min(availableParallelism(), 3) });
    const chain = await runBasic(runner({ maxWorkers: 4 }), 'chain', { a: 1 });
    expect(chain.events[0]).toMatchObject({ maxWorkers: 1 });
  });

  it('a node returning undefined fails on save', async () => {
    const ran = await runBasic(runner(), 'returns_undefined', { a: 1 });
    expect((ran.error as Error).message).toMatch(/Saving 'undefined' to dataset 'nothing' is not allowed/);
  });

  it('unsatisfied inputs are refused before any node runs', async () => {
    const ran = await runBasic(runner(), 'chain');
    expect((ran.error as Error).message).toMatch(/Pipeline input\(s\) \["a"\] not found in the DataCatalog/);
    expect(ran.events).toHaveLength(0);
  });

  it('releases memory at the earliest opportunity, never free inputs or terminal outputs', async () => {
    const log: string[] = [];
    const project = await basicProject();
    const catalog = project.createCatalog();
    for (const [ds, v] of [['a', 1], ['b'], ['c'], ['d']] as const)
      catalog.add(ds, new LoggingDataset(log, ds, v), true);
    const ran = await runBasic(runner(), 'chain', {}, { catalog });
    expect(ran.error).toBeUndefined();
    expect(log).toEqual(['load a', 'load b', 'release b', 'load c', 'release c']);
  });

  it('suggests where to resume after a failure', async () => {
    const ran = await runBasic(runner(), 'faults', { a: 1 });
    expect(ran.logs.join('\n')).toMatch(/There are 2 nodes that have not run\.\n.*\n {2}--from-nodes "throws"/);
  });

  it('refuses a pipeline built in code: nodes must come from a project', async () => {
    const p = pipeline([node((x: number) => x, 'a', 'b', { name: 'inline' })]);
    const ran = await runBasic(runner(), 'x', { a: 1 }, { pipeline: p, project: undefined });
    expect((ran.error as Error).message).toMatch(/runs nodes in workers, which load them from the project by name/);
  });

  it('calls node hooks in the engine, around the remote call', async () => {
    const calls: string[] = [];
    const hooks: Hooks = {
      beforeNodeRun: ({ node: n, inputs }) => {
        calls.push(`before ${n.name} ${JSON.stringify(inputs)}`);
        return n.name === 'first' ? { a: 10 } : undefined;
      },
      afterNodeRun: ({ node: n, outputs }) => void calls.push(`after ${n.name} ${JSON.stringify(outputs)}`),
    };
    const ran = await runBasic(runner(), 'chain', { a: 1 }, { hooks: [hooks] });
    expect(ran.result).toEqual({ d: 13 });
    expect(calls).toEqual([
      'before first {"a":1}',
      'after first {"b":11}',
      'before second {"b":11}',
      'after second {"c":12}',
      'before third {"c":12}',
      'after third {"d":13}',
    ]);
  });

  it('loads parameters in the engine and config datasets in the worker', async () => {
    const dir = dataDir();
    const ran = await runBasic(runner(), 'params', { x: 2 });
    expect(ran.error).toBeUndefined();
    expect(ran.events.find((e) => e.type === 'dataset-save' && e.dataset === 'report')).toMatchObject({
      node: 'to_report',
      datasetType: 'SlowDataset',
    });
    const io = readFileSync(join(dir, 'data', 'io.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(io).toHaveLength(1);
    expect(io[0].pid !== process.pid || io[0].isMainThread === false).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'data', 'report.json'), 'utf8'))).toBe(6);
  });
});

describe('ParallelRunner and datasets that must stay in one process', () => {
  it('refuses them up front, naming them and suggesting ThreadRunner', async () => {
    const project = await basicProject();
    const catalog = project.createCatalog();
    catalog.add('a', new SingleProcessDataset(), true);
    catalog.add('d', new LambdaDataset({ save: () => undefined }), true);
    const ran = await runBasic(new ParallelRunner(), 'chain', {}, { catalog });
    expect((ran.error as Error).message).toBe(
      "ParallelRunner cannot use these datasets, whose classes must stay in one process: 'a' (SingleProcessDataset), 'd' (LambdaDataset). Use ThreadRunner, which keeps them in the engine process, or SequentialRunner.",
    );
    expect(ran.events).toHaveLength(0);
  });

  it('ThreadRunner keeps them in the engine and runs', async () => {
    const project = await basicProject();
    const catalog = project.createCatalog();
    catalog.add('a', new SingleProcessDataset(), true);
    const ran = await runBasic(new ThreadRunner(), 'chain', {}, { catalog });
    expect(ran.result).toEqual({ d: 4 });
  });
});
