// Mirrors Kedro's tests/pipeline/test_pipeline.py and test_pipeline_with_transcoding.py.
import { describe, expect, it } from 'vitest';
import {
  CircularDependencyError,
  type Node,
  OutputNotUniqueError,
  Pipeline,
  node,
  pipeline,
} from '../../src-main/engine';
import {
  biconcat,
  chainNodes,
  complexPipeline,
  constantOutput,
  identity,
  listWithListsNodes,
  nodesWithTags,
  pipelineCases,
  pipelineWithNamespaces,
  strNodeInputsListNodes,
} from '../fixtures/pipelines';

const names = (p: Pipeline) => new Set(p.nodes.map((n) => n.name));
const label = (n: Node) => n.explicitName ?? String(n);
const sorted = (s: Iterable<string>) => [...s].sort();

describe('a valid pipeline', () => {
  describe.each(Object.entries(pipelineCases))('%s', (_name, c) => {
    it('groups nodes into topological layers, and nodes is their concatenation', () => {
      const p = pipeline(c.nodes());
      expect(p.groupedNodes.map((layer) => sorted(layer.map(label)))).toEqual(c.layers.map(sorted));
      expect(p.nodes).toEqual(p.groupedNodes.flat());
    });

    it('has the expected free inputs and outputs', () => {
      const p = pipeline(c.nodes());
      expect(sorted(p.inputs())).toEqual(c.freeInputs);
      expect(sorted(p.outputs())).toEqual(c.outputs);
    });

    it('orders nodes the same whatever order they were given in', () => {
      const forwards = pipeline(c.nodes()).nodes.map((n) => n.name);
      const backwards = pipeline(c.nodes().reverse()).nodes.map((n) => n.name);
      expect(backwards).toEqual(forwards);
    });
  });

  it('sorts each layer by node name', () => {
    const layer = pipeline(listWithListsNodes()).groupedNodes[4].map((n) => n.name);
    expect(layer).toEqual(['node2', 'node3', 'node5']);
  });

  it('lists every input and output, free or not', () => {
    const p = pipeline(strNodeInputsListNodes());
    expect(sorted(p.allInputs())).toEqual(['input1', 'input2', 'input3']);
    expect(sorted(p.allOutputs())).toEqual(['input3', 'input4']);
    expect(sorted(p.datasets())).toEqual(['input1', 'input2', 'input3', 'input4']);
  });

  it('hands out its dataset sets as copies: changing one changes nothing for the next caller', () => {
    const p = pipeline(strNodeInputsListNodes());
    for (const set of [p.inputs(), p.outputs(), p.allInputs(), p.allOutputs(), p.datasets()]) {
      set.add('intruder');
      set.delete('input1');
      set.delete('input4');
    }
    expect(sorted(p.allInputs())).toEqual(['input1', 'input2', 'input3']);
    expect(sorted(p.allOutputs())).toEqual(['input3', 'input4']);
    expect(sorted(p.inputs())).toEqual(['input1', 'input2']);
    expect(sorted(p.outputs())).toEqual(['input4']);
  });

  it("knows each node's children, one output or several, each child once", () => {
    const p = pipeline([
      node(identity, 'a', 'b', { name: 'one' }),
      node(biconcat, ['b', 'b'], 'c', { name: 'twice' }),
      node((x: unknown) => [x, x], 'b', ['d', 'e'], { name: 'two' }),
      node(biconcat, ['d', 'e'], 'f', { name: 'both' }),
    ]);
    const children = (name: string) => sorted(p.childrenOf(p.node(name)!).map((n) => n.name));
    const parents = (name: string) => sorted(p.parentsOf(p.node(name)!).map((n) => n.name));
    expect(children('one')).toEqual(['twice', 'two']);
    expect(children('two')).toEqual(['both']);
    expect(parents('both')).toEqual(['two']);
    expect(parents('twice')).toEqual(['one']);
    expect(parents('one')).toEqual([]);
  });

  it('treats parameters as ordinary free inputs', () => {
    const p = pipeline([node(biconcat, ['params:x', 'parameters'], 'out')]);
    expect(sorted(p.inputs())).toEqual(['parameters', 'params:x']);
  });

  it('may be empty', () => {
    expect(pipeline([]).nodes).toEqual([]);
  });

  it('holds the same node objects it was given', () => {
    const nodes = strNodeInputsListNodes();
    const p = pipeline(nodes);
    expect(new Set(p.nodes)).toEqual(new Set(nodes));
  });

  it('merges its tags into the tags of every node', () => {
    const p = pipeline([node(identity, 'A', 'B', { tags: ['node1', 'p1'] }), node(identity, 'B', 'C')], {
      tags: ['p1', 'p2'],
    });
    expect(sorted(p.groupedNodes[0][0].tags)).toEqual(['node1', 'p1', 'p2']);
    expect(sorted(p.groupedNodes[1][0].tags)).toEqual(['p1', 'p2']);
  });

  it("knows each node's parents", () => {
    const deps = complexPipeline().nodeDependencies;
    const actual = Object.fromEntries(
      [...deps].map(([child, parents]) => [child.name, sorted([...parents].map((p) => p.name))]),
    );
    expect(actual).toEqual({
      node1: ['node2', 'node3', 'node4'],
      node2: ['node4'],
      node3: ['node4'],
      node4: ['node7'],
      node5: ['node6'],
      node6: ['node7'],
      node7: ['node8'],
      node8: ['node9'],
      node9: [],
    });
  });
});

describe('an invalid pipeline', () => {
  it('rejects a cycle, naming only the nodes on it', () => {
    const build = () =>
      pipeline([
        node(identity, 'A', 'B', { name: 'node1' }),
        node(identity, 'B', 'C', { name: 'node2' }),
        node(identity, 'C', 'A', { name: 'node3' }),
        node(identity, 'C', 'D', { name: 'downstream' }),
        node(identity, 'X', 'Y', { name: 'elsewhere' }),
      ]);
    expect(build).toThrow(CircularDependencyError);
    expect(build).toThrow(
      'Circular dependencies exist among the following 3 item(s): node1: identity([A]) -> [B], node2: identity([B]) -> [C], node3: identity([C]) -> [A]',
    );
  });

  it('rejects a dataset produced by two nodes, naming the datasets and the nodes', () => {
    const build = () =>
      pipeline([
        node(identity, 'A', ['B', 'C'], { name: 'node1' }),
        node(identity, 'C', ['D', 'E', 'F'], { name: 'node2' }),
        node(identity, 'B', { out1: 'D', out2: 'E' }, { name: 'node3' }),
        node(identity, 'D', ['E'], { name: 'node4' }),
      ]);
    expect(build).toThrow(OutputNotUniqueError);
    expect(build).toThrow(`Output(s) ["D","E"] are returned by more than one nodes`);
    expect(build).toThrow(`'D' by node2 and node3; 'E' by node2 and node3 and node4`);
  });

  it('rejects null', () => {
    expect(() => pipeline(null as never)).toThrow("'nodes' argument of 'Pipeline' is null");
  });

  it('rejects two nodes with the same name, naming it', () => {
    const message =
      "Pipeline nodes must have unique names. The following node names appear more than once:\n\n  - same_name\n\nYou can name your nodes using the name option of 'node()'.";
    expect(() =>
      pipeline([
        node(identity, 'in1', 'out1', { name: 'same_name' }),
        node(identity, 'in2', 'out2', { name: 'same_name' }),
      ]),
    ).toThrow(message);
    const p = pipeline([node(identity, 'in1', 'out1', { name: 'same_name' })]);
    expect(() => pipeline([p, node(identity, 'in2', 'out2', { name: 'same_name' })])).toThrow(message);
  });

  it('rejects the same pipeline listed twice, as Kedro does', () => {
    const p = pipeline([node(biconcat, ['input', 'input1'], ['output', 'output1'], { name: 'node' })]);
    expect(() => pipeline([p, p])).toThrow('The following node names appear more than once:\n\n  - node');
  });

  it('rejects a name used both with and without transcoding', () => {
    expect(() =>
      pipeline([node(identity, 'A', 'B@pandas', { name: 'n1' }), node(identity, 'B', 'C', { name: 'n2' })]),
    ).toThrow(
      'The following datasets are used with transcoding, but were referenced without the separator: B.\nPlease specify a transcoding option or rename the datasets.',
    );
  });

  it('rejects two producers of one dataset in different transcodings', () => {
    expect(() => pipeline([node(identity, 'A', 'B@pandas'), node(identity, 'C', 'B@spark')])).toThrow(
      'Output(s) ["B"] are returned by more than one nodes',
    );
  });

  it('rejects a cycle through transcoded names', () => {
    expect(() =>
      pipeline([
        node(identity, 'A@pandas', 'B@pandas', { name: 'n1' }),
        node(identity, 'B@spark', 'C@spark', { name: 'n2' }),
        node(identity, 'C@spark', 'A@spark', { name: 'n3' }),
      ]),
    ).toThrow(CircularDependencyError);
  });
});

describe('operators', () => {
  const a = () => node(biconcat, ['input', 'input1'], 'output1', { name: 'a' });
  const b = () => node(biconcat, ['input', 'input2'], 'output2', { name: 'b' });
  const c = () => node(biconcat, ['input', 'input3'], 'output3', { name: 'c' });
  const d = () => node(biconcat, ['input', 'input4'], 'output4', { name: 'd' });

  it('plus combines, and equal nodes count once', () => {
    const p = pipeline([a()]).plus(pipeline([b()]), pipeline([a()]));
    expect(sorted(p.inputs())).toEqual(['input', 'input1', 'input2']);
    expect(sorted(p.outputs())).toEqual(['output1', 'output2']);
    expect(names(p)).toEqual(new Set(['a', 'b']));
  });

  it('sums a list of pipelines', () => {
    const p = [pipeline([a()]), pipeline([b()]), pipeline([c()])].reduce((x, y) => x.plus(y), pipeline([]));
    expect(names(p)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('plus rejects the same name for different nodes, and a second producer', () => {
    const other = node(biconcat, ['input', 'input1'], ['output2'], { name: 'a' });
    expect(() => pipeline([a()]).plus(pipeline([other]))).toThrow('appear more than once:\n\n  - a');
    const clash = node(biconcat, ['input', 'input2'], ['output1', 'x'], { name: 'z' });
    expect(() => pipeline([a()]).plus(pipeline([clash]))).toThrow(OutputNotUniqueError);
  });

  it('minus removes equal nodes, ignoring the ones it does not hold', () => {
    const p = pipeline([a(), b(), c()]).minus(pipeline([b(), d()]));
    expect(names(p)).toEqual(new Set(['a', 'c']));
    expect(sorted(p.inputs())).toEqual(['input', 'input1', 'input3']);
    expect(names(pipeline([a()]).minus(pipeline([])))).toEqual(new Set(['a']));
    expect(pipeline([]).minus(pipeline([a()])).nodes).toEqual([]);
    expect(
      pipeline([a()])
        .minus(pipeline([a()]))
        .inputs(),
    ).toEqual(new Set());
  });

  it('intersection keeps the nodes both hold', () => {
    const p = pipeline([a(), b()]).intersection(pipeline([b()]));
    expect(names(p)).toEqual(new Set(['b']));
    expect(sorted(p.outputs())).toEqual(['output2']);
  });

  it('operands must be pipelines', () => {
    const p = pipeline([a()]);
    expect(() => p.plus(a() as never)).toThrow("unsupported operand type(s) for +: 'Pipeline' and 'Node'");
    expect(() => p.minus('hello' as never)).toThrow("unsupported operand type(s) for -: 'Pipeline' and 'string'");
    expect(() => p.intersection(1 as never)).toThrow(TypeError);
  });

  it('connects a sub-pipeline to a node', () => {
    const sub = pipeline(pipelineCases.disjoint.nodes(), { tags: ['subpipeline'] });
    const p = pipeline([node(identity, 'C', 'D', { name: 'connecting_node' }), sub], { tags: 'main' });
    expect(p.nodes).toHaveLength(5);
    expect(sorted(p.inputs())).toEqual(['A']);
    expect(sorted(p.outputs())).toEqual(['F']);
    expect(p.nodes.every((n) => n.tags.has('main'))).toBe(true);
  });
});

describe('describe()', () => {
  it('lists names by default', () => {
    expect(pipeline(strNodeInputsListNodes()).describe().split('\n')).toEqual([
      '#### Pipeline execution order ####',
      'Inputs: input1, input2',
      '',
      'node1',
      'node2',
      '',
      'Outputs: input4',
      '##################################',
    ]);
  });

  it('lists the nodes themselves when asked, and None for no inputs', () => {
    const full = pipeline(strNodeInputsListNodes()).describe(false).split('\n');
    expect(full.slice(3, 5)).toEqual([
      'node1: biconcat([input1;input2]) -> [input3]',
      'node2: identity([input3]) -> [input4]',
    ]);
    expect(pipeline([node(constantOutput, null, 'A', { name: 'c' })]).describe()).toContain('Inputs: None\n');
  });
});

describe('tag()', () => {
  it('returns a copy with the tag on every node', () => {
    const p = pipeline(pipelineCases.branchless.nodes());
    const tagged = p.tag(['new_tag']);
    expect(tagged.nodes.every((n) => n.tags.has('new_tag'))).toBe(true);
    expect(p.nodes.some((n) => n.tags.has('new_tag'))).toBe(false);
    expect(pipeline(pipelineCases.branchless.nodes()).tag('single').tags).toEqual(new Set(['single']));
  });
});

describe('filters', () => {
  it('filter() without criteria keeps every node', () => {
    const p = complexPipeline();
    expect(names(p.filter({}))).toEqual(names(p));
  });

  it.each([
    [{ tags: ['foo'] }, ['node6', 'node7']],
    [{ fromNodes: ['node4'] }, ['node1', 'node2', 'node3', 'node4']],
    [{ toNodes: ['node4'] }, ['node4', 'node7', 'node8', 'node9']],
    [{ nodeNames: ['node4', 'node5'] }, ['node4', 'node5']],
    [{ fromInputs: ['F'] }, ['node1', 'node3']],
    [{ toOutputs: ['F'] }, ['node4', 'node7', 'node8', 'node9']],
  ])('filter(%j)', (criteria, expected) => {
    expect(sorted(names(complexPipeline().filter(criteria)))).toEqual(expected);
  });

  it('filters by namespace', () => {
    expect(names(pipelineWithNamespaces().filter({ nodeNamespace: 'katie' }))).toEqual(
      new Set(['katie.node1', 'katie.lisa.node4', 'katie.lisa.john.node6']),
    );
  });

  it('intersects several criteria, whatever their order', () => {
    const p = complexPipeline();
    expect(names(p.filter({ fromNodes: ['node4'], toOutputs: ['M'] }))).toEqual(new Set(['node3', 'node4']));
    expect(names(p.filter({ toOutputs: ['M'], nodeNames: ['node3'], fromNodes: ['node4'] }))).toEqual(
      new Set(['node3']),
    );
  });

  it('fails when nothing is left', () => {
    expect(() =>
      complexPipeline().filter({ fromNodes: ['node4'], toOutputs: ['M'], nodeNames: ['node3'], toNodes: ['node4'] }),
    ).toThrow(
      'Pipeline contains no nodes after applying all provided filters. Please ensure that at least one pipeline with nodes has been defined.',
    );
    expect(() => complexPipeline().filter({ tags: ['missing'] })).toThrow('Pipeline contains no nodes');
  });

  it.each([
    [['tag1'], ['node2', 'node6']],
    [['tag2'], ['node2', 'node4']],
    [
      ['tag2', 'tag1'],
      ['node2', 'node4', 'node6'],
    ],
    [
      ['tag1', 'tag2', 'tag-missing'],
      ['node2', 'node4', 'node6'],
    ],
    [['tag-missing'], []],
    [[], []],
  ])('onlyNodesWithTags(%j)', (tags, expected) => {
    expect(sorted(names(pipeline(nodesWithTags()).onlyNodesWithTags(...tags)))).toEqual(expected);
  });

  it('fromNodes takes the nodes and everything downstream', () => {
    expect(names(complexPipeline().fromNodes('node3', 'node2'))).toEqual(new Set(['node1', 'node2', 'node3']));
  });

  it('toNodes takes the nodes and everything upstream', () => {
    expect(names(complexPipeline().toNodes('node4', 'node6'))).toEqual(
      new Set(['node4', 'node6', 'node7', 'node8', 'node9']),
    );
  });

  it.each(['fromNodes', 'toNodes', 'onlyNodes'] as const)('%s names the unknown nodes', (method) => {
    expect(() => complexPipeline()[method]('missing_node')).toThrow(
      'Pipeline does not contain nodes named ["missing_node"].',
    );
    expect(() => complexPipeline()[method]('node2', 'NaN')).toThrow('Pipeline does not contain nodes named ["NaN"].');
  });

  it('onlyNodes takes exactly the named nodes', () => {
    expect(names(complexPipeline().onlyNodes('node2', 'node3', 'node4', 'node8'))).toEqual(
      new Set(['node2', 'node3', 'node4', 'node8']),
    );
    expect(names(complexPipeline().onlyNodes('node1', 'node1'))).toEqual(new Set(['node1']));
  });

  it.each(['node1', 'node2', 'node3', 'node4', 'node5', 'node6'])(
    'onlyNodes(%j) suggests the namespaced name',
    (short) => {
      const p = pipelineWithNamespaces();
      const full = [...names(p)].find((n) => n.endsWith(`.${short}`));
      expect(() => p.onlyNodes(short)).toThrow(
        `Pipeline does not contain nodes named ["${short}"]. Did you mean: ["${full}"]?`,
      );
    },
  );

  it('suggests namespaced names for every unknown name that has one', () => {
    const p = pipelineWithNamespaces();
    expect(() => p.onlyNodes('node1', 'node2')).toThrow('Did you mean: ["katie.node1","lisa.node2"]?');
    expect(() => p.onlyNodes('node1', 'invalid_node')).toThrow(
      'Pipeline does not contain nodes named ["node1","invalid_node"]. Did you mean: ["katie.node1"]?',
    );
  });

  it('suggests close names for a typo', () => {
    expect(() => complexPipeline().onlyNodes('nod4')).toThrow('Did you mean:');
  });

  it('fromInputs takes the consumers and everything downstream', () => {
    expect(names(complexPipeline().fromInputs('F', 'H'))).toEqual(new Set(['node1', 'node2', 'node3']));
  });

  it('toOutputs takes the producers and everything upstream', () => {
    expect(names(complexPipeline().toOutputs('F', 'H'))).toEqual(new Set(['node4', 'node7', 'node8', 'node9']));
  });

  it.each(['fromInputs', 'toOutputs', 'onlyNodesWithInputs', 'onlyNodesWithOutputs'] as const)(
    '%s names the unknown datasets, sorted',
    (method) => {
      expect(() => complexPipeline()[method]('Z', 'W', 'E', 'C')).toThrow(
        'Pipeline does not contain datasets named ["W","Z"]',
      );
    },
  );

  it('onlyNodesWithInputs and onlyNodesWithOutputs take direct consumers and producers only', () => {
    expect(names(complexPipeline().onlyNodesWithInputs('H'))).toEqual(new Set(['node1', 'node2']));
    expect(names(complexPipeline().onlyNodesWithOutputs('F', 'H'))).toEqual(new Set(['node4']));
  });

  it.each([
    ['katie', ['katie', 'katie.lisa', 'katie.lisa.john']],
    ['lisa', ['lisa', 'lisa.john']],
    ['john', ['john']],
    ['katie.lisa', ['katie.lisa', 'katie.lisa.john']],
    ['katie.lisa.john', ['katie.lisa.john']],
  ])('onlyNodesWithNamespace(%j) matches whole segments', (ns, expected) => {
    expect(
      sorted(
        pipelineWithNamespaces()
          .onlyNodesWithNamespace(ns)
          .nodes.map((n) => n.namespace!),
      ),
    ).toEqual(expected);
  });

  it('onlyNodesWithNamespace does not match a prefix of a segment', () => {
    expect(() => pipelineWithNamespaces().onlyNodesWithNamespace('kat')).toThrow(
      'Pipeline does not contain nodes with the following namespaces: ["kat"]',
    );
  });

  it.each([['katie'], [undefined]])(
    'onlyNodesWithNamespace fails for an unknown namespace (node namespace %j)',
    (ns) => {
      const p = pipeline([node(identity, 'A', 'B', { namespace: ns })]);
      expect(() => p.onlyNodesWithNamespace('non_existent')).toThrow(
        'Pipeline does not contain nodes with the following namespaces',
      );
    },
  );
});

describe('transcoding', () => {
  const transcoded = () =>
    pipeline([
      node(identity, 'A', 'B@pandas', { name: 'node1' }),
      node(identity, 'B@pandas', 'C', { name: 'node2' }),
      node(identity, 'B@spark', 'D', { name: 'node3' }),
      node(biconcat, ['C', 'D'], 'E', { name: 'node4' }),
    ]);

  it('links the variants of one dataset', () => {
    const p = transcoded();
    expect(p.groupedNodes.map((l) => l.map((n) => n.name))).toEqual([['node1'], ['node2', 'node3'], ['node4']]);
    expect(sorted(p.inputs())).toEqual(['A']);
    expect(sorted(p.outputs())).toEqual(['E']);
  });

  it('a bare name matches every variant; name@fmt only that one', () => {
    expect(names(transcoded().fromInputs('B'))).toEqual(new Set(['node2', 'node3', 'node4']));
    expect(names(transcoded().fromInputs('B@spark'))).toEqual(new Set(['node3', 'node4']));
    expect(names(transcoded().onlyNodesWithInputs('B@pandas'))).toEqual(new Set(['node2']));
    expect(names(transcoded().toOutputs('B'))).toEqual(new Set(['node1']));
    expect(names(transcoded().toOutputs('D'))).toEqual(new Set(['node1', 'node3']));
    expect(names(transcoded().fromNodes('node1'))).toEqual(new Set(['node1', 'node2', 'node3', 'node4']));
    expect(names(transcoded().toNodes('node3'))).toEqual(new Set(['node1', 'node3']));
  });
});

describe('toJSON()', () => {
  it('lists every node with its datasets and tags', () => {
    const json = JSON.stringify(complexPipeline());
    for (const n of listWithListsNodes()) {
      expect(json).toContain(`"name":"${n.name}"`);
      for (const d of [...n.inputs, ...n.outputs]) expect(json).toContain(`"${d}"`);
    }
  });
});

describe('scale', () => {
  it('builds and filters a 10,000-node pipeline', () => {
    const size = 10_000;
    // A long chain plus a wide layer of independent nodes reading its midpoint.
    const nodes = [
      ...chainNodes(size / 2),
      ...Array.from({ length: size / 2 }, (_, i) =>
        node(identity, `d${size / 4}`, `leaf${i}`, { name: `leaf${i}`, tags: i % 2 ? ['odd'] : [] }),
      ),
    ];
    const p = pipeline(nodes);
    expect(p.nodes).toHaveLength(size);
    expect(p.outputs().size).toBe(size / 2 + 1);
    expect(p.fromNodes(`n${size / 4 + 1}`).nodes).toHaveLength(size / 4 - 1);
    expect(p.toNodes('leaf0').nodes).toHaveLength(size / 4 + 2);
    expect(p.filter({ tags: ['odd'], toOutputs: [`d${size / 2 - 1}`, 'leaf1'] }).nodes).toHaveLength(1);
    expect(p.minus(p.onlyNodesWithTags('odd')).nodes).toHaveLength(size - size / 4);
  });
});
