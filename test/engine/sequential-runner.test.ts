// Mirrors Kedro's tests/runner/test_sequential_runner.py and test_resume_logic.py, plus what
// Pipewright adds: events, cancellation, async loading.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src-shared/run-events';
import {
  AbstractDataset,
  AbstractRunner,
  DataCatalog,
  type Hooks,
  LambdaDataset,
  MemoryDataset,
  type Node,
  type Pipeline,
  RunCancelledError,
  type RunContext,
  SequentialRunner,
  findNodesToResumeFrom,
  node,
  pipeline,
} from '../../src-main/engine';
import {
  branchlessNoInputPipeline,
  branchlessPipeline,
  exceptionFn,
  fanOutFanIn,
  identity,
  pipelineAsymmetric,
  pipelineTriangular,
  savingResultPipeline,
  savingUndefinedPipeline,
  sink,
  source,
  twoBranchesCrossedPipeline,
  twoBranchesCrossedPipelineVariableInputs,
  unfinishedOutputsPipeline,
} from '../fixtures/pipelines';

type Log = Array<[string, string]>;

/** Kedro's LoggingDataset: records each load and release in a shared log. */
class LoggingDataset extends AbstractDataset {
  constructor(
    private readonly log: Log,
    private readonly label: string,
    private value: unknown = undefined,
  ) {
    super();
  }
  load() {
    this.log.push(['load', this.label]);
    return this.value;
  }
  save(data: unknown) {
    this.value = data;
  }
  release() {
    this.log.push(['release', this.label]);
    this.value = undefined;
  }
}

/** Kedro's persistent_dataset_catalog: ds0_* and ds2_* persist; everything else is memory. */
function persistentCatalog(extra: Record<string, AbstractDataset> = {}): DataCatalog {
  const persistent = new LambdaDataset({ load: () => 0, save: () => undefined });
  return new DataCatalog({ ds0_A: persistent, ds0_B: persistent, ds2_A: persistent, ds2_B: persistent, ...extra });
}

/** The same pipeline with the named nodes' functions replaced by one that throws. */
function failing(p: Pipeline, names: string[]): Pipeline {
  const broken = p.nodes
    .filter((n) => names.includes(n.name))
    .map((n) => node(exceptionFn, n.definition.inputs, n.definition.outputs, { name: n.explicitName }));
  return p.minus(pipeline(p.nodes.filter((n) => names.includes(n.name)))).plus(pipeline(broken));
}

async function runCollecting(
  p: Pipeline,
  catalog: DataCatalog,
  options: { hooks?: Hooks[]; signal?: AbortSignal; runner?: AbstractRunner } = {},
): Promise<{ events: RunEvent[]; result?: Record<string, unknown>; error?: unknown }> {
  const events: RunEvent[] = [];
  const runner = options.runner ?? new SequentialRunner();
  try {
    const result = await runner.run(p, catalog, {
      hooks: options.hooks,
      signal: options.signal,
      onEvent: (e) => events.push(e),
    });
    return { events, result };
  } catch (error) {
    return { events, error };
  }
}

/** Runs `p` over LoggingDatasets (catalog name → the log's name for it and its data) and returns their log. */
async function releaseLog(datasets: Record<string, [string, unknown?]>, p: Pipeline): Promise<Log> {
  const log: Log = [];
  const catalog = new DataCatalog(
    Object.fromEntries(
      Object.entries(datasets).map(([key, [name, data]]) => [key, new LoggingDataset(log, name, data)]),
    ),
  );
  await new SequentialRunner().run(p, catalog);
  return log;
}

const logs = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
const runEnd = (events: RunEvent[]) =>
  events.find((e) => e.type === 'run-end') as Extract<RunEvent, { type: 'run-end' }>;

describe('results', () => {
  it('runs fan-out fan-in and returns the free output', async () => {
    const result = await new SequentialRunner().run(
      fanOutFanIn(),
      new DataCatalog({ A: new MemoryDataset({ data: 42 }) }),
    );
    expect(result).toEqual({ Z: [42, 42, 42] });
  });

  it('gives the same result twice with the same catalog', async () => {
    const catalog = new DataCatalog({ A: new MemoryDataset({ data: 42 }) });
    const first = await new SequentialRunner().run(fanOutFanIn(), catalog);
    const second = await new SequentialRunner().run(fanOutFanIn(), catalog);
    expect(first).toEqual({ Z: [42, 42, 42] });
    expect(second).toEqual(first);
  });

  it('runs a pipeline without free inputs', async () => {
    const result = await new SequentialRunner().run(branchlessNoInputPipeline(), new DataCatalog());
    expect(Object.keys(result)).toEqual(['E']);
    expect(typeof result.E).toBe('number');
  });

  it("creates the intermediate datasets it needs, without registering them in the caller's catalog", async () => {
    const catalog = new DataCatalog({ ds1: new MemoryDataset({ data: 42 }) });
    expect(await new SequentialRunner().run(branchlessPipeline(), catalog)).toEqual({ ds3: 42 });
    expect(catalog.list()).toEqual(['ds1']);
  });

  it('does not return an output registered in the catalog; the catalog holds it', async () => {
    const catalog = new DataCatalog({ ds: new MemoryDataset({ data: 'value' }), dsX: new MemoryDataset() });
    expect(await new SequentialRunner().run(savingResultPipeline(), catalog)).toEqual({});
    expect(await catalog.load('dsX')).toBe('value');
  });

  it('returns every free output of a branched pipeline, with record inputs', async () => {
    const catalog = new DataCatalog({
      ds1: new MemoryDataset({ data: 1 }),
      ds2: new MemoryDataset({ data: 2 }),
      ds3: new MemoryDataset({ data: 3 }),
    });
    expect(await new SequentialRunner().run(unfinishedOutputsPipeline(), catalog)).toEqual({ ds8: 1, ds5: 2, ds6: 3 });
  });

  it('uses what the catalog holds over defaults', async () => {
    const catalog = new DataCatalog({ ds1: new MemoryDataset({ data: 0 }), ds3: new MemoryDataset() });
    await new SequentialRunner().run(branchlessPipeline(), catalog);
    expect(await catalog.load('ds3')).toBe(0);
  });
});

describe('order', () => {
  it('runs nodes one at a time in pipeline.nodes order, the order describe() prints', async () => {
    const order: string[] = [];
    const step = (name: string) => () => {
      order.push(name);
      return name;
    };
    const p = pipeline([
      node(step('a'), 'X', 'W', { name: 'a' }),
      node(step('z'), null, 'Y', { name: 'z' }),
      node(step('b'), null, 'X', { name: 'b' }),
      node(step('c'), ['W', 'Y'], 'V', { name: 'c' }),
    ]);
    await new SequentialRunner().run(p, new DataCatalog());
    expect(order).toEqual(p.nodes.map((n) => n.name));
    expect(order).toEqual(['b', 'z', 'a', 'c']);
  });
});

describe('failures', () => {
  it('refuses missing inputs before any node runs, naming them', async () => {
    let ran = false;
    const p = pipeline([node(() => (ran = true), null, 'x', { name: 'first' }), node(identity, 'missing_input', 'y')]);
    const { error, events } = await runCollecting(p, new DataCatalog());
    expect((error as Error).message).toBe('Pipeline input(s) ["missing_input"] not found in the DataCatalog');
    expect(ran).toBe(false);
    expect(events.filter((e) => e.type === 'node-start')).toEqual([]);
  });

  it('names namespaced inputs in full', async () => {
    const p = pipeline([node(identity, 'Input1', 'Output1')], { namespace: 'test' });
    await expect(new SequentialRunner().run(p, new DataCatalog())).rejects.toThrow(
      'Pipeline input(s) ["test.Input1"] not found in the DataCatalog',
    );
  });

  it('lets an empty MemoryDataset input through, to fail when loaded', async () => {
    const p = pipeline([node(identity, 'A', 'B')]);
    await expect(new SequentialRunner().run(p, new DataCatalog({ A: new MemoryDataset() }))).rejects.toThrow(
      'Data for MemoryDataset has not been saved yet.',
    );
  });

  it('fails a node that returns undefined for a declared output', async () => {
    await expect(new SequentialRunner().run(savingUndefinedPipeline(), new DataCatalog())).rejects.toThrow(
      "Saving 'undefined' to dataset 'B' is not allowed",
    );
  });

  it("rethrows the node's own error and starts no further node", async () => {
    const err = new Error('test exception');
    let after = false;
    const p = pipeline([
      node(
        () => {
          throw err;
        },
        null,
        'a',
        { name: 'boom' },
      ),
      node(() => (after = true), 'a', 'b', { name: 'after' }),
    ]);
    await expect(new SequentialRunner().run(p, new DataCatalog())).rejects.toBe(err);
    expect(after).toBe(false);
  });
});

describe('release policy', () => {
  it('never releases free inputs or terminal outputs', async () => {
    const log = await releaseLog(
      { in: ['in', 'stuff'], middle: ['middle'], out: ['out'] },
      pipeline([node(identity, 'in', 'middle'), node(identity, 'middle', 'out')]),
    );
    expect(log).toEqual([
      ['load', 'in'],
      ['load', 'middle'],
      ['release', 'middle'],
    ]);
  });

  it('releases at the earliest opportunity', async () => {
    const log = await releaseLog(
      { first: ['first'], second: ['second'] },
      pipeline([node(source, null, 'first'), node(identity, 'first', 'second'), node(sink, 'second', null)]),
    );
    expect(log).toEqual([
      ['load', 'first'],
      ['release', 'first'],
      ['load', 'second'],
      ['release', 'second'],
    ]);
  });

  it('releases a dataset read by several nodes once, after the last load', async () => {
    const log = await releaseLog(
      { dataset: ['dataset'] },
      pipeline([
        node(source, null, 'dataset'),
        node(sink, 'dataset', null, { name: 'bob' }),
        node(sink, 'dataset', null, { name: 'fred' }),
      ]),
    );
    expect(log).toEqual([
      ['load', 'dataset'],
      ['load', 'dataset'],
      ['release', 'dataset'],
    ]);
  });

  it('releases a transcoded dataset saved in one form and read in another', async () => {
    const log = await releaseLog(
      { 'ds@save': ['save'], 'ds@load': ['load'] },
      pipeline([node(source, null, 'ds@save'), node(sink, 'ds@load', null)]),
    );
    expect(log).toEqual([
      ['release', 'save'],
      ['load', 'load'],
      ['release', 'load'],
    ]);
  });
});

/** Kedro's cases: the nodes that fail, and the nearest nodes to resume from (null: none ran). */
const RESUME_CASES: Array<[string[], string | null]> = [
  [['node1_A'], null],
  [['node2'], 'node1_A,node1_B'],
  [['node3_A'], 'node3_A,node3_B'],
  [['node4_A'], 'node3_A,node3_B'],
  [['node3_A', 'node4_A'], 'node3_A,node3_B'],
  [['node2', 'node4_A'], 'node1_A,node1_B'],
];

describe('suggesting where to resume', () => {
  it.each(RESUME_CASES)('when %j fail: %s', async (failingNames, expected) => {
    const { error, events } = await runCollecting(
      failing(twoBranchesCrossedPipeline(), failingNames),
      persistentCatalog(),
    );
    expect((error as Error).message).toBe('test exception');
    const warnings = logs(events).join('\n');
    if (expected === null) {
      expect(warnings).toContain('No nodes ran. Repeat the previous command to attempt a new run.');
      expect(runEnd(events).resumeFrom).toEqual([]);
    } else {
      expect(warnings).toContain(
        `nodes that have not run.\nYou can resume the pipeline run from the nearest nodes with persisted inputs by adding the following argument to your previous command:\n  --from-nodes "${expected}"`,
      );
      expect(runEnd(events).resumeFrom).toEqual(expected.split(','));
    }
  });

  describe.each([[[]], [['dsX']], [['params:p']]])('with shared extra inputs %j', (extra) => {
    it.each(RESUME_CASES)('when %j fail: %s', async (failingNames, expected) => {
      const catalog = persistentCatalog({
        dsX: new LambdaDataset({ load: () => 0, save: () => undefined }),
        'params:p': new MemoryDataset({ data: 1 }),
      });
      const { events } = await runCollecting(
        failing(twoBranchesCrossedPipelineVariableInputs(extra), failingNames),
        catalog,
      );
      expect(runEnd(events).resumeFrom).toEqual(expected === null ? [] : expected.split(','));
    });
  });
});

describe('findNodesToResumeFrom', () => {
  const cases: Array<[string, () => Pipeline, string[], string[]]> = [
    ['asymmetric', pipelineAsymmetric, ['node2', 'node3', 'node4'], ['node1', 'node2']],
    ['asymmetric', pipelineAsymmetric, ['node3', 'node4'], ['node1', 'node2']],
    ['asymmetric', pipelineAsymmetric, ['node4'], ['node1', 'node2']],
    ['asymmetric', pipelineAsymmetric, [], []],
    ['empty', () => pipeline([]), [], []],
    ['triangular', pipelineTriangular, ['node3'], ['node1']],
    [
      'crossed',
      twoBranchesCrossedPipeline,
      ['node1_A', 'node1_B', 'node2', 'node3_A', 'node3_B', 'node4_A', 'node4_B'],
      ['node1_A', 'node1_B'],
    ],
    [
      'crossed',
      twoBranchesCrossedPipeline,
      ['node2', 'node3_A', 'node3_B', 'node4_A', 'node4_B'],
      ['node1_A', 'node1_B'],
    ],
    ['crossed', twoBranchesCrossedPipeline, ['node3_A', 'node3_B', 'node4_A', 'node4_B'], ['node3_A', 'node3_B']],
    ['crossed', twoBranchesCrossedPipeline, ['node4_A', 'node4_B'], ['node3_A', 'node3_B']],
    ['crossed', twoBranchesCrossedPipeline, ['node4_A'], ['node3_A']],
    ['crossed', twoBranchesCrossedPipeline, ['node3_A', 'node4_A'], ['node3_A']],
  ];
  const remainingOf = (p: Pipeline, names: string[]): readonly Node[] =>
    names.length ? p.onlyNodes(...names).nodes : [];

  it.each(cases)('%s pipeline, %j left: resume from %j', (_label, make, remaining, expected) => {
    const p = make();
    expect(findNodesToResumeFrom(p, remainingOf(p, remaining), persistentCatalog())).toEqual(expected);
  });

  it.each(cases)('%s pipeline, %j left, every dataset persistent: exactly those rerun', (_label, make, remaining) => {
    const p = make();
    const persistent = new LambdaDataset({ load: () => 42, save: () => undefined });
    const catalog = new DataCatalog(Object.fromEntries([...p.datasets()].map((d) => [d, persistent])));
    const resume = findNodesToResumeFrom(p, remainingOf(p, remaining), catalog);
    const rerun = resume.length ? p.fromNodes(...resume).nodes.map((n) => n.name) : [];
    expect(rerun.sort()).toEqual([...remaining].sort());
  });

  it.each(
    cases.flatMap(
      (c) =>
        [
          [...c, 'params:p'],
          [...c, 'dsY'],
        ] as const,
    ),
  )('%s pipeline, %j left, with %s shared by every node: still %j', (_label, make, remaining, expected, extra) => {
    const p = pipeline(make().nodes.map((n) => n.copy({ inputs: [...n.inputs, extra as string] })));
    const catalog = persistentCatalog({ dsY: new LambdaDataset({ load: () => 0, save: () => undefined }) });
    expect(findNodesToResumeFrom(p, remainingOf(p, remaining as string[]), catalog)).toEqual(expected);
  });

  it.each(cases)('%s pipeline, %j left: resuming covers every unfinished node', (_label, make, remaining) => {
    const p = make();
    const resume = findNodesToResumeFrom(p, remainingOf(p, remaining), persistentCatalog());
    const rerun = new Set(resume.length ? p.fromNodes(...resume).nodes.map((n) => n.name) : []);
    for (const name of remaining) expect(rerun).toContain(name);
  });
});

describe('hooks', () => {
  function recorder(calls: string[]): Hooks {
    return {
      beforePipelineRun: () => void calls.push('beforePipelineRun'),
      afterPipelineRun: ({ runResult }) => void calls.push(`afterPipelineRun ${JSON.stringify(runResult)}`),
      onPipelineError: ({ error }) => void calls.push(`onPipelineError ${(error as Error).message}`),
      beforeNodeRun: ({ node: n, inputs }) => void calls.push(`beforeNodeRun ${n.name} ${JSON.stringify(inputs)}`),
      afterNodeRun: ({ node: n, outputs }) => void calls.push(`afterNodeRun ${n.name} ${JSON.stringify(outputs)}`),
      onNodeError: ({ node: n, error }) => void calls.push(`onNodeError ${n.name} ${(error as Error).message}`),
      beforeDatasetLoaded: ({ datasetName }) => void calls.push(`beforeDatasetLoaded ${datasetName}`),
      afterDatasetLoaded: ({ datasetName, data }) =>
        void calls.push(`afterDatasetLoaded ${datasetName} ${JSON.stringify(data)}`),
      beforeDatasetSaved: ({ datasetName, data }) =>
        void calls.push(`beforeDatasetSaved ${datasetName} ${JSON.stringify(data)}`),
      afterDatasetSaved: ({ datasetName }) => void calls.push(`afterDatasetSaved ${datasetName}`),
    };
  }

  it('calls pipeline, node and dataset hooks in Kedro order', async () => {
    const calls: string[] = [];
    const p = pipeline([node((x: number) => x + 1, 'a', 'b', { name: 'inc' })]);
    await new SequentialRunner().run(p, new DataCatalog({ a: new MemoryDataset({ data: 1 }) }), {
      hooks: [recorder(calls)],
    });
    expect(calls).toEqual([
      'beforePipelineRun',
      'beforeDatasetLoaded a',
      'afterDatasetLoaded a 1',
      'beforeNodeRun inc {"a":1}',
      'afterNodeRun inc {"b":2}',
      'beforeDatasetSaved b 2',
      'afterDatasetSaved b',
      'afterPipelineRun {"b":2}',
    ]);
  });

  it('on failure calls onNodeError then onPipelineError, and nothing after', async () => {
    const calls: string[] = [];
    const p = pipeline([node(exceptionFn, 'a', 'b', { name: 'bad' }), node(identity, 'b', 'c', { name: 'next' })]);
    await expect(
      new SequentialRunner().run(p, new DataCatalog({ a: new MemoryDataset({ data: 1 }) }), {
        hooks: [recorder(calls)],
      }),
    ).rejects.toThrow('test exception');
    expect(calls.slice(-2)).toEqual(['onNodeError bad test exception', 'onPipelineError test exception']);
    expect(calls.some((c) => c.includes('next') || c.startsWith('afterPipelineRun'))).toBe(false);
  });

  it('lets beforeNodeRun replace inputs', async () => {
    const hooks: Hooks = { beforeNodeRun: ({ node: n }) => (n.name === 'double' ? { a: 10 } : undefined) };
    const p = pipeline([node((x: number) => x * 2, 'a', 'b', { name: 'double' })]);
    const result = await new SequentialRunner().run(p, new DataCatalog({ a: new MemoryDataset({ data: 1 }) }), {
      hooks: [hooks],
    });
    expect(result).toEqual({ b: 20 });
  });

  it('refuses a beforeNodeRun result that is not a record', async () => {
    const hooks = { beforeNodeRun: () => 'nope' } as unknown as Hooks;
    const p = pipeline([node(identity, 'a', 'b')]);
    await expect(
      new SequentialRunner().run(p, new DataCatalog({ a: new MemoryDataset({ data: 1 }) }), { hooks: [hooks] }),
    ).rejects.toThrow(
      "'beforeNodeRun' must return either nothing or a record mapping dataset names to updated values, got 'string' instead.",
    );
  });
});

describe('a custom runner', () => {
  /** The seed's DryRunner: lists the nodes it would run, runs none. */
  class DryRunner extends AbstractRunner {
    readonly defaults: string[] = [];
    override createDefaultDataset(name: string): AbstractDataset {
      this.defaults.push(name);
      return new MemoryDataset();
    }
    protected async _run(p: Pipeline, _catalog: DataCatalog, _ctx: RunContext): Promise<void> {
      this.logger.info(`Actual run would execute ${p.nodes.length} nodes:\n${p.nodes.map(String).join('\n')}`);
    }
  }

  it('lists the nodes without running them, and creates its default datasets', async () => {
    let ran = false;
    const p = pipeline([
      node(identity, 'A', 'B', { name: 'node3' }),
      node(identity, 'C', 'D', { name: 'node2' }),
      node(() => (ran = true), 'D', 'E', { name: 'node1' }),
    ]);
    const runner = new DryRunner();
    const catalog = new DataCatalog({ A: new MemoryDataset({ data: 1 }), C: new MemoryDataset({ data: 2 }) });
    const { result, events } = await runCollecting(p, catalog, { runner });
    expect(ran).toBe(false);
    expect(result).toEqual({});
    expect(runner.defaults.sort()).toEqual(['B', 'D', 'E']);
    expect(logs(events)).toContain(
      'Actual run would execute 3 nodes:\nnode2: identity([C]) -> [D]\nnode3: identity([A]) -> [B]\nnode1: <lambda>([D]) -> [E]',
    );
  });
});

describe('async mode', () => {
  /** A dataset whose load takes a while, counting how many loads overlap. */
  function slowDatasets(names: string[]) {
    const state = { active: 0, max: 0 };
    const make = (value: number) =>
      new LambdaDataset({
        load: async () => {
          state.active++;
          state.max = Math.max(state.max, state.active);
          await new Promise((r) => setTimeout(r, 10));
          state.active--;
          return value;
        },
      });
    return { state, catalog: new DataCatalog(Object.fromEntries(names.map((n, i) => [n, make(i + 1)]))) };
  }
  const sum3 = node((a: number, b: number, c: number) => [a + b + c, a * b * c], ['a', 'b', 'c'], ['s', 'p'], {
    name: 'sum3',
  });

  it('loads the inputs of a node concurrently, with the same results', async () => {
    const { state, catalog } = slowDatasets(['a', 'b', 'c']);
    const { result, events } = await runCollecting(pipeline([sum3]), catalog, {
      runner: new SequentialRunner({ isAsync: true }),
    });
    expect(result).toEqual({ s: 6, p: 6 });
    expect(state.max).toBe(3);
    expect(logs(events)).toContain('Asynchronous mode is enabled for loading and saving data');
  });

  it('loads one at a time otherwise, and says so', async () => {
    const { state, catalog } = slowDatasets(['a', 'b', 'c']);
    const { result, events } = await runCollecting(pipeline([sum3]), catalog);
    expect(result).toEqual({ s: 6, p: 6 });
    expect(state.max).toBe(1);
    expect(logs(events).some((m) => m.startsWith('Using synchronous mode for loading and saving data.'))).toBe(true);
  });

  it('runs fan-out fan-in the same way', async () => {
    const result = await new SequentialRunner({ isAsync: true }).run(
      fanOutFanIn(),
      new DataCatalog({ A: new MemoryDataset({ data: 42 }) }),
    );
    expect(result).toEqual({ Z: [42, 42, 42] });
  });
});

describe('events', () => {
  it('reports the run, each node and the end', async () => {
    const { events } = await runCollecting(fanOutFanIn(), new DataCatalog({ A: new MemoryDataset({ data: 1 }) }));
    const start = events[0] as Extract<RunEvent, { type: 'run-start' }>;
    expect(start.type).toBe('run-start');
    expect(start.runner).toBe('SequentialRunner');
    expect(start.nodes).toEqual(fanOutFanIn().nodes.map((n) => n.name));
    const starts = events.filter((e) => e.type === 'node-start').map((e) => (e as { node: string }).node);
    const ends = events.filter((e) => e.type === 'node-end');
    expect(new Set(starts)).toEqual(new Set(start.nodes));
    expect(ends.every((e) => e.type === 'node-end' && e.status === 'done')).toBe(true);
    expect(runEnd(events)).toMatchObject({ status: 'success', freeOutputs: ['Z'] });
    expect(events.at(-1)!.type).toBe('run-end');
    expect(logs(events)).toContain('Completed 5 out of 5 tasks');
  });

  it('on failure: the failed node, skips for nodes that never ran, and where to resume', async () => {
    const { events } = await runCollecting(failing(twoBranchesCrossedPipeline(), ['node3_A']), persistentCatalog());
    const failed = events.filter((e) => e.type === 'node-end' && e.status === 'failed');
    expect(failed.map((e) => (e as { node: string }).node)).toEqual(['node3_A']);
    const skipped = events.filter((e) => e.type === 'node-skip').map((e) => (e as { node: string }).node);
    expect(skipped.sort()).toEqual(['node3_B', 'node4_A', 'node4_B']);
    expect(runEnd(events)).toMatchObject({
      status: 'failed',
      resumeFrom: ['node3_A', 'node3_B'],
      error: { message: 'test exception' },
    });
  });
});

describe('cancellation', () => {
  it('stops starting nodes once the signal aborts, and ends as cancelled', async () => {
    const controller = new AbortController();
    const p = pipeline([
      node(
        () => {
          controller.abort();
          return 1;
        },
        null,
        'a',
        { name: 'first' },
      ),
      node(identity, 'a', 'b', { name: 'second' }),
      node(identity, 'b', 'c', { name: 'third' }),
    ]);
    const { error, events } = await runCollecting(p, new DataCatalog(), { signal: controller.signal });
    expect(error).toBeInstanceOf(RunCancelledError);
    expect(runEnd(events).status).toBe('cancelled');
    const skipped = events.filter((e) => e.type === 'node-skip').map((e) => (e as { node: string }).node);
    expect(skipped.sort()).toEqual(['second', 'third']);
    // 'a' lived only in memory, so a resumed run must produce it again.
    expect(runEnd(events).resumeFrom).toEqual(['first']);
  });

  it('runs nothing when the signal is already aborted', async () => {
    let ran = false;
    const controller = new AbortController();
    controller.abort();
    const { error, events } = await runCollecting(pipeline([node(() => (ran = true), null, 'a')]), new DataCatalog(), {
      signal: controller.signal,
    });
    expect(error).toBeInstanceOf(RunCancelledError);
    expect(ran).toBe(false);
    expect(runEnd(events).status).toBe('cancelled');
  });
});
