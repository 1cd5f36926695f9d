// Mirrors Kedro's tests/pipeline/test_node.py and test_node_run.py.
import { describe, expect, it } from 'vitest';
import { Node, NodeError, node } from '../../src-main/engine';
import { biconcat, constantOutput, identity, triconcat } from '../fixtures/pipelines';

const kwargs = ({ a, b }: { a: string; b: string }) => a + b;

describe('valid node shapes', () => {
  // Every combination Kedro's test_valid lists: none / name / list / record on each side.
  const cases: Array<[string, () => Node, string[], string[]]> = [
    ['str -> str', () => node(identity, 'A', 'B'), ['A'], ['B']],
    ['list -> list', () => node(biconcat, ['A', 'B'], ['C']), ['A', 'B'], ['C']],
    ['record -> record', () => node(kwargs, { a: 'A', b: 'B' }, { out: 'C' }), ['A', 'B'], ['C']],
    ['none -> str', () => node(constantOutput, null, 'A'), [], ['A']],
    ['none -> list', () => node(constantOutput, null, ['A']), [], ['A']],
    ['none -> record', () => node(constantOutput, null, { x: 'A' }), [], ['A']],
    ['str -> none', () => node(identity, 'A', null), ['A'], []],
    ['list -> none', () => node(biconcat, ['A', 'B'], null), ['A', 'B'], []],
    ['record -> none', () => node(kwargs, { a: 'A', b: 'B' }, null), ['A', 'B'], []],
    ['undefined -> str', () => node(constantOutput, undefined, 'A'), [], ['A']],
    ['empty list -> str', () => node(constantOutput, [], 'A'), [], ['A']],
    ['lambda list -> record', () => node((x: number) => ({ y: x }), ['A'], { y: 'B' }), ['A'], ['B']],
    ['three inputs', () => node(triconcat, ['A', 'B', 'C'], 'D'), ['A', 'B', 'C'], ['D']],
  ];
  it.each(cases)('%s', (_label, make, inputs, outputs) => {
    const n = make();
    expect(n.inputs).toEqual(inputs);
    expect(n.outputs).toEqual(outputs);
  });
});

describe('String(node)', () => {
  it('reads like a call, lists joined by semicolons', () => {
    expect(String(node(identity, 'A', 'B'))).toBe('identity([A]) -> [B]');
    expect(String(node(biconcat, ['input1', 'input2'], ['input3'], { name: 'node1' }))).toBe(
      'node1: biconcat([input1;input2]) -> [input3]',
    );
    expect(String(node(kwargs, { a: 'A', b: 'B' }, { out: 'C' }))).toBe('kwargs([A;B]) -> [C]');
  });

  it('shows a missing side as None and an anonymous function as <lambda>', () => {
    expect(String(node(constantOutput, null, 'output1'))).toBe('constantOutput(None) -> [output1]');
    expect(String(node(constantOutput, [], 'output1'))).toBe('constantOutput(None) -> [output1]');
    expect(String(node((x: unknown) => x, 'input1', null))).toBe('<lambda>([input1]) -> None');
  });

  it('shows the explicit name only, without the namespace', () => {
    expect(String(node(identity, 'in', 'out', { name: 'name' }))).toBe('name: identity([in]) -> [out]');
    expect(String(node(identity, 'in', 'out', { name: 'name', namespace: 'ns' }))).toBe(
      'name: identity([in]) -> [out]',
    );
    expect(String(node(identity, 'in', 'out', { namespace: 'ns' }))).toBe('identity([in]) -> [out]');
  });
});

describe('inputs and outputs', () => {
  it('keeps list order and record insertion order', () => {
    expect(node(triconcat, ['C', 'A', 'B'], 'D').inputs).toEqual(['C', 'A', 'B']);
    expect(node(identity, 'A', { z: 'Z', a: 'Y' }).outputs).toEqual(['Z', 'Y']);
  });

  it('keeps duplicated inputs', () => {
    expect(node(biconcat, ['A', 'A'], 'B').inputs).toEqual(['A', 'A']);
  });

  it('exposes the record forms for keyword calls and named outputs', () => {
    const n = node(kwargs, { a: 'A', b: 'B' }, { out: 'C' });
    expect(n.inputMapping).toEqual({ a: 'A', b: 'B' });
    expect(n.outputMapping).toEqual({ out: 'C' });
    expect(node(identity, 'A', 'B').inputMapping).toBeUndefined();
  });
});

describe('comparisons', () => {
  it('compares name, inputs and outputs, not the function or tags', () => {
    const a = node(identity, 'A', 'B', { name: 'n', tags: ['x'] });
    const b = node((x: unknown) => x, 'A', 'B', { name: 'n' });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(node(identity, 'A', 'C', { name: 'n' }))).toBe(false);
    expect(a.equals(node(identity, 'A', 'B', { name: 'm' }))).toBe(false);
  });

  it('ignores record key order but not list order', () => {
    const r1 = node(kwargs, { a: 'A', b: 'B' }, 'C', { name: 'n' });
    const r2 = node(kwargs, { b: 'B', a: 'A' }, 'C', { name: 'n' });
    expect(r1.equals(r2)).toBe(true);
    const l1 = node(biconcat, ['A', 'B'], 'C', { name: 'n' });
    const l2 = node(biconcat, ['B', 'A'], 'C', { name: 'n' });
    expect(l1.equals(l2)).toBe(false);
  });

  it('never equals a record node with the same dataset names, nor a non-node', () => {
    const list = node(identity, ['A'], 'B', { name: 'n' });
    const record = node(identity, { x: 'A' }, 'B', { name: 'n' });
    expect(list.equals(record)).toBe(false);
    expect(list.equals('n')).toBe(false);
    expect(list.equals(undefined)).toBe(false);
  });
});

describe('bad node definitions', () => {
  const suffix = '\nFormat should be: node(function, inputs, outputs)';

  it('needs a function', () => {
    expect(() => node('not a function' as never, 'A', 'B')).toThrow(
      new NodeError(`Invalid Node definition: first argument must be a function, not 'string'.${suffix}`),
    );
  });

  it('needs some inputs or outputs; empty lists and records count as none', () => {
    const message = `Invalid Node definition: it must have some 'inputs' or 'outputs'.${suffix}`;
    expect(() => node(constantOutput, null, null)).toThrow(message);
    expect(() => node(constantOutput, [], {})).toThrow(message);
  });

  it('accepts only a name, a list, a record or null on each side', () => {
    expect(() => node(identity, new Set(['A']) as never, 'B')).toThrow(
      "'inputs' type must be one of [String, Array, Record, null], not 'Set'.",
    );
    expect(() => node(identity, 'A', 42 as never)).toThrow(
      "'outputs' type must be one of [String, Array, Record, null], not 'number'.",
    );
  });

  it('needs every dataset name to be a string', () => {
    expect(() => node(biconcat, ['A', 1] as never, 'B')).toThrow(
      `names of variables used as inputs to the function must be of 'String' type, but 1 from ["A",1] is 'number'.`,
    );
    expect(() => node(identity, 'A', { x: null } as never)).toThrow('but null from {"x":null} is \'null\'');
  });

  it('rejects duplicate outputs, naming them', () => {
    expect(() => node(identity, 'A', ['B', 'B'])).toThrow(
      'Failed to create node identity([A]) -> [B;B] due to duplicate output(s) ["B"].\nNode outputs must be unique.',
    );
  });

  it('rejects a node reading and writing the same dataset, even transcoded', () => {
    expect(() => node(identity, 'A@excel', 'A@csv')).toThrow(
      'Failed to create node identity([A@excel]) -> [A@csv].\nA node cannot have the same inputs and outputs even if they are transcoded: ["A"]',
    );
    expect(() => node(identity, 'A', 'A')).toThrow('A node cannot have the same inputs and outputs');
  });

  it('rejects a name with more than one transcoding separator', () => {
    expect(() => node(identity, 'A@b@c', 'B')).toThrow(
      "Expected maximum 1 transcoding separator, found 2 instead: 'A@b@c'.",
    );
    for (const [inputs, outputs] of [
      [null, 'X@b@c'],
      ['A', 'X@b@c'],
      [['A', 'B'], 'X@b@c'],
      [null, ['Y', 'X@b@c']],
      [['A@b@c'], []],
    ] as const) {
      expect(() => node(() => 1, inputs as never, outputs as never)).toThrow(/found 2 instead: '[AX]@b@c'/);
    }
  });

  it('checks the inputs against the function parameters', () => {
    expect(() => node(biconcat, 'A', 'B')).toThrow(`Inputs of 'biconcat' function expected 2 argument(s), but got "A"`);
    expect(() => node(triconcat, ['A', 'B'], 'C')).toThrow(
      `Inputs of 'triconcat' function expected 3 argument(s), but got ["A","B"]`,
    );
    // Optional and rest parameters need nothing.
    expect(() => node((a: number, b = 1) => a + b, ['A'], 'B')).not.toThrow();
    expect(() => node((...xs: number[]) => xs.length, null, 'B')).not.toThrow();
  });

  it('does not check built-in functions, whose declared arity means nothing', () => {
    const n = node(Math.max, ['A'], 'B');
    expect(n.inputs).toEqual(['A']);
  });
});

describe('names and tags', () => {
  it('gives an unnamed node the default name <func>__<8 hex>', () => {
    expect(node(identity, 'A', 'B').name).toMatch(/^identity__[0-9a-f]{8}$/);
    expect(node((x: unknown) => x, 'A', 'B').name).toMatch(/^lambda__[0-9a-f]{8}$/);
  });

  it('derives the default name from the definition', () => {
    expect(node(identity, 'A', 'B').name).toBe(node(identity, 'A', 'B').name);
    expect(node(identity, 'A', 'B').name).not.toBe(node(identity, 'A', 'C').name);
  });

  it('prefixes the name with the namespace', () => {
    const named = node(identity, 'A', 'B', { name: 'n', namespace: 'a.b' });
    expect(named.name).toBe('a.b.n');
    expect(named.namespacePrefixes).toEqual(['a', 'a.b']);
    expect(node(identity, 'A', 'B', { namespace: 'ns' }).name).toMatch(/^ns\.identity__[0-9a-f]{8}$/);
  });

  it('has a short name: the explicit name, or the function name in title case', () => {
    expect(node(identity, 'A', 'B', { name: 'my_node' }).shortName).toBe('my_node');
    expect(
      node(
        function load_raw_data(x: unknown) {
          return x;
        },
        'A',
        'B',
      ).shortName,
    ).toBe('Load Raw Data');
  });

  it.each(['name with space', 'a,b', 'semi;colon', ''])('rejects the node name %j', (bad) => {
    expect(() => node(identity, 'A', 'B', { name: bad })).toThrow(
      `'${bad}' is not a valid node name. It must contain only letters, digits, hyphens, underscores and/or fullstops.`,
    );
  });

  it.each(['tag with space', 'a,b'])('rejects the tag %j', (bad) => {
    expect(() => node(identity, 'A', 'B', { tags: ['ok', bad] })).toThrow(
      `'${bad}' is not a valid node tag. It must contain only letters, digits, hyphens, underscores and/or fullstops.`,
    );
  });

  it('takes one tag or several, and tag() returns a new node with the union', () => {
    const n = node(identity, 'A', 'B', { tags: 'one' });
    const tagged = n.tag(['two', 'one']).tag('three');
    expect([...tagged.tags].sort()).toEqual(['one', 'three', 'two']);
    expect([...n.tags]).toEqual(['one']);
    expect(tagged.equals(n)).toBe(true);
  });
});

describe('node.run', () => {
  it('passes list inputs positionally and wraps a single output', async () => {
    expect(await node(biconcat, ['input1', 'input2'], 'output').run({ input1: 'a', input2: 'b' })).toEqual({
      output: 'ab',
    });
  });

  it('passes a duplicated input twice', async () => {
    expect(await node(biconcat, ['input1', 'input1'], 'output').run({ input1: 'in1' })).toEqual({ output: 'in1in1' });
    expect(await node(kwargs, { a: 'input1', b: 'input1' }, 'output').run({ input1: 'in1' })).toEqual({
      output: 'in1in1',
    });
  });

  it('passes record inputs as one object keyed by argument name', async () => {
    const seen: unknown[] = [];
    const n = node((args: unknown) => seen.push(args), { left: 'L', right: 'R' }, 'out');
    await n.run({ L: 1, R: 2 });
    expect(seen).toEqual([{ left: 1, right: 2 }]);
  });

  it('maps list and record results onto the declared outputs', async () => {
    expect(await node((x: number) => [x, x * 2], 'a', ['b', 'c']).run({ a: 2 })).toEqual({ b: 2, c: 4 });
    expect(
      await node((x: number) => ({ twice: x * 2, same: x }), 'a', { same: 'b', twice: 'c' }).run({ a: 2 }),
    ).toEqual({
      b: 2,
      c: 4,
    });
  });

  it('runs a node without inputs given null, and discards the result of a node without outputs', async () => {
    expect(await node(constantOutput, null, 'out').run(null)).toEqual({ out: 'output' });
    expect(await node((x: number) => x + 1, 'a', null).run({ a: 1 })).toEqual({});
  });

  it('awaits async functions', async () => {
    const slowDouble = async (x: number) => {
      await new Promise((r) => setTimeout(r, 5));
      return x * 2;
    };
    expect(await node(slowDouble, 'a', 'b').run({ a: 21 })).toEqual({ b: 42 });
    const failing = node(async () => Promise.reject(new Error('async boom')), null, 'b');
    await expect(failing.run()).rejects.toThrow('async boom');
  });

  it("rethrows the function's own error unchanged", async () => {
    const err = new Error('boom');
    await expect(
      node(
        () => {
          throw err;
        },
        null,
        'x',
      ).run(),
    ).rejects.toBe(err);
  });

  it('needs a record or null', async () => {
    await expect(node(identity, 'a', 'b').run(['a'] as never)).rejects.toThrow(
      'Node.run() expects a record or null, but got Array instead',
    );
  });

  describe('input checks', () => {
    it('a node without inputs given some', async () => {
      await expect(node(constantOutput, null, 'out').run({ extra: 1 })).rejects.toThrow(
        'Node constantOutput(None) -> [out] expected no inputs, but got the following 1 input(s) instead: ["extra"].',
      );
    });

    it('a node with one input given another', async () => {
      await expect(node(identity, 'a', 'b').run({ b: 1 })).rejects.toThrow(
        `Node identity([a]) -> [b] expected one input named 'a', but got the following 1 input(s) instead: ["b"].`,
      );
    });

    it('a node with list inputs given too few or extra names', async () => {
      const n = node(biconcat, ['x', 'y'], 'z');
      const expected = 'Node biconcat([x;y]) -> [z] expected 2 input(s) ["x","y"], but got the following';
      await expect(n.run({ x: 1 })).rejects.toThrow(`${expected} 1 input(s) instead: ["x"].`);
      await expect(n.run({ x: 1, y: 2, w: 3 })).rejects.toThrow(`${expected} 3 input(s) instead: ["w","x","y"].`);
    });

    it('a node with record inputs lists the unique dataset names', async () => {
      const n = node(kwargs, { a: 'D', b: 'D' }, 'z');
      await expect(n.run({})).rejects.toThrow(
        'expected 1 input(s) ["D"], but got the following 0 input(s) instead: [].',
      );
    });
  });

  describe('output checks', () => {
    const prefix = (n: Node) => `Failed to save outputs of node ${n}.\n`;

    it('a list of outputs needs an array', async () => {
      const n = node(() => 'x', null, ['a', 'b']);
      await expect(n.run()).rejects.toThrow(
        `${prefix(n)}The node definition contains a list of outputs ["a","b"], whereas the node function returned a 'string'.`,
      );
    });

    it('a list of outputs needs as many values', async () => {
      const n = node(() => [1, 2, 3], null, ['a', 'b']);
      await expect(n.run()).rejects.toThrow(
        `${prefix(n)}The node function returned 3 output(s), whereas the node definition contains 2 output(s).`,
      );
    });

    it('record outputs need an object', async () => {
      const n = node(() => [1], null, { x: 'a' });
      await expect(n.run()).rejects.toThrow(
        `${prefix(n)}The node output is a record, whereas the function output is Array.`,
      );
    });

    it('record outputs need exactly the declared keys, each set under its own label', async () => {
      const n = node(() => ({ x: 1, z: 2 }), null, { x: 'a', y: 'b' });
      await expect(n.run()).rejects.toThrow(
        `${prefix(n)}The node's declared output keys [x, y] do not match the returned output's keys [x, z].`,
      );
    });
  });
});
