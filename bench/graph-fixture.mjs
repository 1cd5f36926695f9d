// A generated pipeline graph in the API's PipelineGraph shape: 1,000 function nodes, 1,500 datasets.
export function generateGraph({ functions = 1000, datasets = 1500, seed = 42 } = {}) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nodes = [];
  const edges = [];
  const raw = datasets - functions - Math.floor(functions / 3);
  const produced = [];
  const ds = (name, extra) =>
    nodes.push({
      id: `ds:${name}`,
      kind: 'dataset',
      name,
      label: name,
      tags: [],
      namespace: null,
      datasetType: rand() < 0.5 ? 'CSVDataset' : 'MemoryDataset',
      ...extra,
    });
  for (let i = 0; i < raw; i++) {
    ds(`raw_${i}`, { isInput: true });
    produced.push(`raw_${i}`);
  }
  let out = 0;
  for (let i = 0; i < functions; i++) {
    const name = `node_${i}`;
    const inputs = new Set();
    const k = 1 + Math.floor(rand() * 2);
    // Prefer recent datasets so the graph is deep, like real pipelines, not one wide layer.
    for (let j = 0; j < k; j++)
      inputs.add(produced[Math.max(0, produced.length - 1 - Math.floor(rand() * Math.min(produced.length, 60)))]);
    const outputs = [`d_${out++}`];
    if (i % 3 === 0 && out < datasets - raw) outputs.push(`d_${out++}`);
    nodes.push({
      id: `fn:${name}`,
      kind: 'function',
      name,
      label: name,
      tags: [i % 3 ? 'etl' : 'model'],
      namespace: null,
      func: `src/nodes.ts#f${i % 7}`,
      inputs: [...inputs],
      outputs,
    });
    for (const d of inputs) edges.push({ id: `e${edges.length}`, source: `ds:${d}`, target: `fn:${name}` });
    for (const d of outputs) {
      ds(d);
      produced.push(d);
      edges.push({ id: `e${edges.length}`, source: `fn:${name}`, target: `ds:${d}` });
    }
  }
  return { pipeline: '__default__', nodes, edges, tags: ['etl', 'model'], namespaces: [], hasPositions: false };
}

/** A wide pipeline: `functions` parallel nodes `wide_i` each reading its own raw input and one shared parameter. */
export function generateWideGraph({ functions = 3333 } = {}) {
  const nodes = [
    { id: 'param:params:rate', kind: 'parameter', name: 'params:rate', label: 'rate', tags: [], namespace: null },
  ];
  const edges = [];
  for (let i = 1; i <= functions; i++) {
    const w = `wide_${i}`;
    nodes.push(
      {
        id: `ds:raw_${i}`,
        kind: 'dataset',
        name: `raw_${i}`,
        label: `raw_${i}`,
        tags: [],
        namespace: null,
        datasetType: 'CSVDataset',
        isInput: true,
      },
      {
        id: `fn:${w}`,
        kind: 'function',
        name: w,
        label: w,
        tags: [],
        namespace: null,
        func: 'src/nodes.ts#wide',
        inputs: [`raw_${i}`, 'params:rate'],
        outputs: [`${w}_out`],
      },
      {
        id: `ds:${w}_out`,
        kind: 'dataset',
        name: `${w}_out`,
        label: `${w}_out`,
        tags: [],
        namespace: null,
        datasetType: 'MemoryDataset',
        isOutput: true,
      },
    );
    // One id per edge (the three arguments of one push would all read the same length).
    const e = edges.length;
    edges.push(
      { id: `e${e}`, source: `ds:raw_${i}`, target: `fn:${w}` },
      { id: `e${e + 1}`, source: 'param:params:rate', target: `fn:${w}` },
      { id: `e${e + 2}`, source: `fn:${w}`, target: `ds:${w}_out` },
    );
  }
  return { pipeline: '__default__', nodes, edges, tags: [], namespaces: [], hasPositions: false };
}
