// Mirrors Kedro's tests/pipeline/test_modular_pipeline.py and test_pipeline_namespacing.py.
import { describe, expect, it } from 'vitest';
import { type Node, Pipeline, PipelineError, node, pipeline } from '../../src-main/engine';
import { biconcat, constantOutput, identity, triconcat } from '../fixtures/pipelines';

const kw = ({ input1, input2 }: Record<string, string>) => input1 + input2;
const byName = (p: Pipeline) => Object.fromEntries(p.nodes.map((n) => [n.explicitName ?? n.name, n.definition]));
const io = (n: Node) => n.definition;

const threeShapes = () =>
  new Pipeline([
    node(identity, 'A', 'B', { name: 'node1' }),
    node(biconcat, ['C', 'D'], ['E', 'F'], { name: 'node2' }),
    node(kw, { input1: 'H', input2: 'J' }, { K: 'L' }, { name: 'node3' }),
  ]);

describe('renaming datasets', () => {
  it('renames inputs and outputs in every form: name, list and record', () => {
    const p = pipeline(threeShapes(), {
      inputs: { A: 'A_new', D: 'D_new', H: 'H_new' },
      outputs: { B: 'B_new', E: 'E_new', L: 'L_new' },
    });
    expect(byName(p)).toEqual({
      node1: { inputs: 'A_new', outputs: 'B_new' },
      node2: { inputs: ['C', 'D_new'], outputs: ['E_new', 'F'] },
      node3: { inputs: { input1: 'H_new', input2: 'J' }, outputs: { K: 'L_new' } },
    });
  });

  it('leaves the original pipeline unchanged', () => {
    const original = threeShapes();
    pipeline(original, { namespace: 'ns', inputs: { A: 'A_new' } });
    expect(byName(original).node1).toEqual({ inputs: 'A', outputs: 'B' });
  });
});

describe('namespaces', () => {
  it('prefixes every dataset in every form', () => {
    const p = pipeline(threeShapes(), { namespace: 'PREFIX' });
    expect(byName(p)).toEqual({
      node1: { inputs: 'PREFIX.A', outputs: 'PREFIX.B' },
      node2: { inputs: ['PREFIX.C', 'PREFIX.D'], outputs: ['PREFIX.E', 'PREFIX.F'] },
      node3: { inputs: { input1: 'PREFIX.H', input2: 'PREFIX.J' }, outputs: { K: 'PREFIX.L' } },
    });
  });

  it('prefixes node names, explicit or default, and keeps tags', () => {
    const p = pipeline([node(identity, 'A', 'B', { name: 'node1', tags: ['tag1'] }), node(identity, 'B', 'C')], {
      namespace: 'PREFIX',
    });
    expect(p.nodes[0].name).toBe('PREFIX.node1');
    expect([...p.nodes[0].tags]).toEqual(['tag1']);
    expect(p.nodes[1].name).toMatch(/^PREFIX\.identity__[0-9a-f]{8}$/);
    expect(p.nodes[1].namespace).toBe('PREFIX');
  });

  it('does not prefix renamed datasets', () => {
    const p = pipeline([node(biconcat, ['C', 'D'], ['E', 'F'])], {
      namespace: 'PREFIX',
      inputs: { C: 'C_new' },
      outputs: { E: 'E_new' },
    });
    expect(io(p.nodes[0])).toEqual({ inputs: ['C_new', 'PREFIX.D'], outputs: ['E_new', 'PREFIX.F'] });
  });

  it.each([
    ['a name', 'A', 'D'],
    ['a list', ['A'], ['D']],
    ['a set', new Set(['A']), new Set(['D'])],
    ['a record mapping to itself', { A: 'A' }, { D: 'D' }],
  ] as const)('keeps the datasets listed as %s', (_label, inputs, outputs) => {
    const p = pipeline(
      [
        node(identity, 'A', 'B', { name: 'node1' }),
        node(identity, 'B', 'C', { name: 'node2' }),
        node(identity, 'C', 'D', { name: 'node3' }),
      ],
      { namespace: 'PREFIX', inputs: inputs as never, outputs: outputs as never },
    );
    expect(byName(p)).toEqual({
      node1: { inputs: 'A', outputs: 'PREFIX.B' },
      node2: { inputs: 'PREFIX.B', outputs: 'PREFIX.C' },
      node3: { inputs: 'PREFIX.C', outputs: 'D' },
    });
  });

  it('prefixes params: names but never the whole parameters record', () => {
    const p = pipeline(
      [
        node(identity, 'parameters', 'X', { name: 'node1' }),
        node(biconcat, ['params:C', 'D'], 'F', { name: 'node2' }),
        node(kw, { input1: 'params:H', input2: 'parameters' }, { K: 'L' }, { name: 'node3' }),
      ],
      { namespace: 'PREFIX' },
    );
    expect(byName(p)).toEqual({
      node1: { inputs: 'parameters', outputs: 'PREFIX.X' },
      node2: { inputs: ['params:PREFIX.C', 'PREFIX.D'], outputs: 'PREFIX.F' },
      node3: { inputs: { input1: 'params:PREFIX.H', input2: 'parameters' }, outputs: { K: 'PREFIX.L' } },
    });
  });

  it('maps a transcoded dataset by its base name, or one variant by its full name', () => {
    const base = pipeline([node(biconcat, ['C@pandas', 'D'], ['E@spark', 'F'])], {
      namespace: 'PREFIX',
      inputs: { C: 'C_new' },
    });
    expect(io(base.nodes[0])).toEqual({
      inputs: ['C_new@pandas', 'PREFIX.D'],
      outputs: ['PREFIX.E@spark', 'PREFIX.F'],
    });

    const full = pipeline(
      [node(biconcat, ['A@pandas', 'B'], 'C', { name: 'n1' }), node(biconcat, ['A@spark', 'C'], 'CC', { name: 'n2' })],
      {
        namespace: 'PREFIX',
        inputs: { 'A@pandas': 'Alpha' },
      },
    );
    expect(byName(full)).toEqual({
      n1: { inputs: ['Alpha', 'PREFIX.B'], outputs: 'PREFIX.C' },
      n2: { inputs: ['PREFIX.A@spark', 'PREFIX.C'], outputs: 'PREFIX.CC' },
    });
  });

  it('keeps a missing side missing', () => {
    expect(
      io(pipeline([node(constantOutput, null, ['A', 'B'])], { namespace: 'P', outputs: { A: 'A_new' } }).nodes[0]),
    ).toEqual({
      inputs: null,
      outputs: ['A_new', 'P.B'],
    });
    expect(
      io(pipeline([node(biconcat, ['A', 'B'], null)], { namespace: 'P', inputs: { A: 'A_new' } }).nodes[0]),
    ).toEqual({
      inputs: ['A_new', 'P.B'],
      outputs: null,
    });
  });

  it('exposes an intermediate output under its new name wherever it is used', () => {
    const p = pipeline(
      [
        node(identity, 'A', 'B', { name: 'node1' }),
        node(identity, 'B', 'C', { name: 'node2' }),
        node(biconcat, ['C', 'params:x'], 'X', { name: 'node3' }),
      ],
      { namespace: 'ACTUAL', outputs: { B: 'B_new' } },
    );
    expect(byName(p)).toEqual({
      node1: { inputs: 'ACTUAL.A', outputs: 'B_new' },
      node2: { inputs: 'B_new', outputs: 'ACTUAL.C' },
      node3: { inputs: ['ACTUAL.C', 'params:ACTUAL.x'], outputs: 'ACTUAL.X' },
    });
  });

  it('nests: the outer namespace goes first, on names, node namespaces and datasets', () => {
    const inner = pipeline([node(identity, 'A', 'B', { name: 'n' }), node(identity, 'params:k', 'C', { name: 'm' })], {
      namespace: 'inner',
    });
    const outer = pipeline(inner, { namespace: 'outer' });
    const n = outer.node('outer.inner.n')!;
    expect(n.namespace).toBe('outer.inner');
    expect(io(n)).toEqual({ inputs: 'outer.inner.A', outputs: 'outer.inner.B' });
    expect(io(outer.node('outer.inner.m')!).inputs).toBe('params:outer.inner.k');
    expect(outer.onlyNodesWithNamespace('outer.inner').nodes).toHaveLength(2);
  });

  it('lets an outer pipeline keep what an inner one exposed', () => {
    const inner = pipeline([node(identity, 'A', 'B', { name: 'n' })], { namespace: 'inner', inputs: 'A' });
    const outer = pipeline(inner, { namespace: 'outer', inputs: { A: 'raw' } });
    expect(io(outer.nodes[0])).toEqual({ inputs: 'raw', outputs: 'outer.inner.B' });
  });

  it('adds the given tags to every node', () => {
    const p = pipeline([node(identity, 'A', 'B')], { namespace: 'ns', tags: ['t'] });
    expect([...p.nodes[0].tags]).toEqual(['t']);
  });
});

describe('parameters mapping', () => {
  it.each([['x'], ['params:x'], [new Set(['params:x'])], [['x']], [{ 'params:x': 'params:x' }]] as const)(
    'keeps params:x when listed as %j and namespaces the others',
    (parameters) => {
      const p = pipeline([node(triconcat, ['A', 'params:x', 'params:y'], 'AA', { name: 'node1' })], {
        namespace: 'PREFIX',
        outputs: { AA: 'B' },
        parameters: parameters as never,
      });
      expect(io(p.nodes[0])).toEqual({ inputs: ['PREFIX.A', 'params:x', 'params:PREFIX.y'], outputs: 'B' });
    },
  );

  it('renames parameters through a record, with or without the params: prefix', () => {
    const raw = () =>
      new Pipeline([
        node(biconcat, ['A', 'params:x'], 'AA', { name: 'node1' }),
        node(biconcat, ['AA', 'params:y'], 'B', { name: 'node2' }),
        node(biconcat, ['B', 'params:x'], 'BB', { name: 'node3' }),
      ]);
    const expected = {
      node1: { inputs: ['ACTUAL.A', 'params:X'], outputs: 'ACTUAL.AA' },
      node2: { inputs: ['ACTUAL.AA', 'params:ACTUAL.y'], outputs: 'B_new' },
      node3: { inputs: ['B_new', 'params:X'], outputs: 'ACTUAL.BB' },
    };
    expect(byName(pipeline(raw(), { namespace: 'ACTUAL', outputs: { B: 'B_new' }, parameters: { x: 'X' } }))).toEqual(
      expected,
    );
    expect(
      byName(pipeline(raw(), { namespace: 'ACTUAL', outputs: { B: 'B_new' }, parameters: { 'params:x': 'params:X' } })),
    ).toEqual(expected);
  });
});

describe('mapping errors', () => {
  const raw = () =>
    new Pipeline([
      node(biconcat, ['A', 'params:alpha'], 'AA', { name: 'node1' }),
      node(biconcat, ['AA', 'parameters'], 'BB', { name: 'node2' }),
    ]);

  it.each([
    ['inputs', { A: 'A_new', B: 'C', D: 'E' }, {}, ['B', 'D']],
    ['outputs', {}, { BB: 'new', C: 'D' }, ['C']],
    ['both', { A: 'A_new', X: 'Y' }, { BB: 'new', C: 'D' }, ['C', 'X']],
  ])('names every mapped dataset the pipeline does not have (%s)', (_label, inputs, outputs, missing) => {
    const build = () => pipeline(raw(), { namespace: 'PREFIX', inputs, outputs });
    expect(build).toThrow(PipelineError);
    expect(build).toThrow(`Failed to map datasets and/or parameters onto the nodes provided: ${missing.join(', ')}`);
  });

  it('suggests close names', () => {
    expect(() => pipeline(raw(), { inputs: { a: 'x' } })).toThrow('did you mean one of these instead: A');
  });

  it('refuses parameters given as inputs', () => {
    const message = "Parameters should be specified in the 'parameters' argument";
    expect(() => pipeline(raw(), { inputs: { 'params:alpha': 'params:beta' } })).toThrow(message);
    expect(() => pipeline(raw(), { inputs: { parameters: 'some_yaml_dataset' } })).toThrow(message);
  });

  it('refuses parameters the pipeline does not read', () => {
    expect(() => pipeline(raw(), { parameters: { beta: 'gamma' } })).toThrow(
      'Failed to map datasets and/or parameters onto the nodes provided: params:beta',
    );
  });

  it('refuses an input mapping for an intermediate dataset', () => {
    expect(() => pipeline(raw(), { inputs: { AA: 'CC' } })).toThrow(
      'Inputs must not be outputs from another node in the same pipeline',
    );
  });

  it('refuses an output mapping for a free input', () => {
    expect(() => pipeline(raw(), { outputs: { A: 'C' } })).toThrow(
      'All outputs must be generated by some node within the pipeline',
    );
  });
});
