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
