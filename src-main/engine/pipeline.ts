import { CircularDependencyError, OutputNotUniqueError, PipelineError, closeMatches } from './errors';
import { Node, stripTranscoding } from './node';
import { topologicalLayers } from './toposort';

export interface PipelineFilter {
  tags?: Iterable<string>;
  fromNodes?: Iterable<string>;
  toNodes?: Iterable<string>;
  nodeNames?: Iterable<string>;
  fromInputs?: Iterable<string>;
  toOutputs?: Iterable<string>;
  nodeNamespace?: string;
}

const EMPTY: readonly Node[] = Object.freeze([]);

/**
 * A set of nodes in dependency order. Built once, validated when built, never mutated: every
 * filter and operator returns a new pipeline.
 */
export class Pipeline {
  /** Topologically sorted; ties within a layer broken by node key, as in Kedro. */
  readonly nodes: readonly Node[];
  readonly groupedNodes: readonly (readonly Node[])[];
  private readonly byName = new Map<string, Node>();
  /** Stripped dataset name → the node producing it. */
  private readonly producers = new Map<string, Node>();
  /** Stripped dataset name → nodes consuming it. */
  private readonly consumers = new Map<string, Node[]>();
  /** The dataset lists, computed once (a pipeline never changes); callers get sets of their own. */
  private readonly lists: { allInputs?: string[]; allOutputs?: string[]; inputs?: string[]; outputs?: string[] } = {};

  constructor(nodes: Iterable<Node | Pipeline>, options: { tags?: string | Iterable<string> } = {}) {
    if (nodes === null || nodes === undefined) {
      throw new PipelineError(
        "'nodes' argument of 'Pipeline' is null. It must be an iterable of nodes and/or pipelines instead.",
      );
    }
    let flat = flatten(nodes);
    const tags =
      options.tags === undefined ? [] : typeof options.tags === 'string' ? [options.tags] : [...options.tags];
    if (tags.length) flat = flat.map((n) => n.tag(tags));
    let twoProducers = false;
    for (const n of flat) {
      this.byName.set(n.name, n);
      for (const out of n.outputs) {
        const base = stripTranscoding(out);
        const other = this.producers.get(base);
        if (other && other !== n) twoProducers = true;
        this.producers.set(base, n);
      }
      const ins = n.inputs;
      if (ins.length === 1) this.addConsumer(stripTranscoding(ins[0]), n);
      else if (ins.length > 1) for (const input of new Set(ins.map(stripTranscoding))) this.addConsumer(input, n);
    }
    // The maps just built find a problem; the checks then name it. As in Kedro, listing one node (or
    // pipeline) twice is a duplicate name; `plus` is the union.
    if (this.byName.size !== flat.length) checkUniqueNames(flat);
    if (twoProducers) checkUniqueOutputs(flat);
    checkTranscoding(flat);
    const layers = topologicalLayers(flat, (n) => this.parentsOf(n));
    if (!layers.ok) {
      throw new CircularDependencyError(
        `Circular dependencies exist among the following ${layers.cycle.length} item(s): ${layers.cycle.map(String).join(', ')}`,
      );
    }
    this.groupedNodes = layers.layers;
    this.nodes = layers.layers.flat();
  }

  private addConsumer(dataset: string, n: Node): void {
    const list = this.consumers.get(dataset);
    if (list) list.push(n);
    else this.consumers.set(dataset, [n]);
  }

  /** Nodes whose outputs this node reads. */
  parentsOf(n: Node): Node[] {
    if (n.inputs.length === 1) {
      const p = this.producers.get(stripTranscoding(n.inputs[0]));
      return p ? [p] : [];
    }
    const parents = new Set<Node>();
    for (const input of n.inputs) {
      const p = this.producers.get(stripTranscoding(input));
      if (p) parents.add(p);
    }
    return [...parents];
  }

  /** Nodes that read one of this node's outputs. */
  childrenOf(n: Node): Node[] {
    // A node is listed once per dataset it reads: one output's readers are already distinct.
    if (n.outputs.length === 1) return [...(this.consumers.get(stripTranscoding(n.outputs[0])) ?? EMPTY)];
    const children = new Set<Node>();
    for (const out of n.outputs) for (const c of this.consumers.get(stripTranscoding(out)) ?? EMPTY) children.add(c);
    return [...children];
  }

  /** Every node mapped to the set of its parents. */
  get nodeDependencies(): Map<Node, Set<Node>> {
    return new Map(this.nodes.map((n) => [n, new Set(this.parentsOf(n))]));
  }

  node(name: string): Node | undefined {
    return this.byName.get(name);
  }

  producerOf(dataset: string): Node | undefined {
    return this.producers.get(stripTranscoding(dataset));
  }

  consumersOf(dataset: string): readonly Node[] {
    return this.consumers.get(stripTranscoding(dataset)) ?? EMPTY;
  }

  allInputs(): Set<string> {
    return new Set(this.allInputList());
  }

  allOutputs(): Set<string> {
    return new Set(this.allOutputList());
  }

  /** Free inputs: read by some node, produced by none. */
  inputs(): Set<string> {
    this.lists.inputs ??= this.allInputList().filter((d) => !this.producers.has(stripTranscoding(d)));
    return new Set(this.lists.inputs);
  }

  /** Terminal outputs: produced by some node, read by none. */
  outputs(): Set<string> {
    this.lists.outputs ??= this.allOutputList().filter((d) => !this.consumers.has(stripTranscoding(d)));
    return new Set(this.lists.outputs);
  }

  datasets(): Set<string> {
    const all = new Set(this.allInputList());
    for (const d of this.allOutputList()) all.add(d);
    return all;
  }

  private allInputList(): string[] {
    return (this.lists.allInputs ??= names(this.nodes, 'inputs'));
  }

  private allOutputList(): string[] {
    return (this.lists.allOutputs ??= names(this.nodes, 'outputs'));
  }

  get tags(): Set<string> {
    return new Set(this.nodes.flatMap((n) => [...n.tags]));
  }

  plus(...others: Pipeline[]): Pipeline {
    for (const o of others) assertPipeline(o, '+');
    return new Pipeline(dedupeEqual([...this.nodes, ...others.flatMap((o) => o.nodes)]));
  }

  minus(other: Pipeline): Pipeline {
    assertPipeline(other, '-');
    const drop = new Set(other.nodes.map((n) => n.key));
    return new Pipeline(this.nodes.filter((n) => !drop.has(n.key)));
  }

  intersection(other: Pipeline): Pipeline {
    assertPipeline(other, '&');
    const keep = new Set(other.nodes.map((n) => n.key));
    return new Pipeline(this.nodes.filter((n) => keep.has(n.key)));
  }

  tag(tags: string | Iterable<string>): Pipeline {
    return new Pipeline(this.nodes.map((n) => n.tag(tags)));
  }

  onlyNodes(...names: string[]): Pipeline {
    const missing = names.filter((n) => !this.byName.has(n));
    if (missing.length) {
      let message = `Pipeline does not contain nodes named ${JSON.stringify(missing)}.`;
      const candidates = missing.flatMap((m) => [...this.byName.keys()].filter((k) => k.endsWith(`.${m}`)));
      const similar = candidates.length ? candidates : missing.flatMap((m) => closeMatches(m, this.byName.keys()));
      if (similar.length) message += ` Did you mean: ${JSON.stringify([...new Set(similar)])}?`;
      throw new PipelineError(message);
    }
    return new Pipeline([...new Set(names)].map((n) => this.byName.get(n)!));
  }

  onlyNodesWithTags(...tags: string[]): Pipeline {
    const wanted = new Set(tags);
    return new Pipeline(this.nodes.filter((n) => [...n.tags].some((t) => wanted.has(t))));
  }

  onlyNodesWithNamespace(namespace: string): Pipeline {
    const kept = this.nodes.filter(
      (n) => n.namespace !== undefined && (n.namespace === namespace || n.namespace.startsWith(`${namespace}.`)),
    );
    if (!kept.length) {
      throw new PipelineError(
        `Pipeline does not contain nodes with the following namespaces: ${JSON.stringify([namespace])}`,
      );
    }
    return new Pipeline(kept);
  }

  onlyNodesWithInputs(...datasets: string[]): Pipeline {
    this.checkDatasetsExist(datasets);
    return new Pipeline(this.directConsumers(datasets));
  }

  onlyNodesWithOutputs(...datasets: string[]): Pipeline {
    this.checkDatasetsExist(datasets);
    return new Pipeline(this.directProducers(datasets));
  }

  /** The nodes reading any of the datasets, and everything downstream of them. */
  fromInputs(...datasets: string[]): Pipeline {
    this.checkDatasetsExist(datasets);
    return new Pipeline(this.walk(this.directConsumers(datasets), (n) => this.childrenOf(n)));
  }

  /** The nodes producing any of the datasets, and everything upstream of them. */
  toOutputs(...datasets: string[]): Pipeline {
    this.checkDatasetsExist(datasets);
    return new Pipeline(this.walk(this.directProducers(datasets), (n) => this.parentsOf(n)));
  }

  fromNodes(...names: string[]): Pipeline {
    const start = this.onlyNodes(...names).nodes;
    return new Pipeline(this.walk(start, (n) => this.childrenOf(n)));
  }

  toNodes(...names: string[]): Pipeline {
    const start = this.onlyNodes(...names).nodes;
    return new Pipeline(this.walk(start, (n) => this.parentsOf(n)));
  }

  /** Every given criterion applied to this pipeline, results intersected (order does not matter). */
  filter(criteria: PipelineFilter): Pipeline {
    const list = (x?: Iterable<string>) => (x ? [...x].filter(Boolean) : []);
    const parts: Pipeline[] = [];
    const tags = list(criteria.tags);
    if (tags.length) parts.push(this.onlyNodesWithTags(...tags));
    const nodeNames = list(criteria.nodeNames);
    if (nodeNames.length) parts.push(this.onlyNodes(...nodeNames));
    const fromNodes = list(criteria.fromNodes);
    if (fromNodes.length) parts.push(this.fromNodes(...fromNodes));
    const toNodes = list(criteria.toNodes);
    if (toNodes.length) parts.push(this.toNodes(...toNodes));
    const fromInputs = list(criteria.fromInputs);
    if (fromInputs.length) parts.push(this.fromInputs(...fromInputs));
    const toOutputs = list(criteria.toOutputs);
    if (toOutputs.length) parts.push(this.toOutputs(...toOutputs));
    if (criteria.nodeNamespace) parts.push(this.onlyNodesWithNamespace(criteria.nodeNamespace));
    const result = parts.reduce<Pipeline>((acc, p) => acc.intersection(p), this);
    if (!result.nodes.length) {
      throw new PipelineError(
        'Pipeline contains no nodes after applying all provided filters. Please ensure that at least one pipeline with nodes has been defined.',
      );
    }
    return result;
  }

  describe(namesOnly = true): string {
    const fmt = (s: Set<string>) => (s.size ? [...s].sort().join(', ') : 'None');
    return [
      '#### Pipeline execution order ####',
      `Inputs: ${fmt(this.inputs())}`,
      '',
      ...this.nodes.map((n) => (namesOnly ? n.name : String(n))),
      '',
      `Outputs: ${fmt(this.outputs())}`,
      '##################################',
    ].join('\n');
  }

  toJSON(): { pipeline: Array<{ name: string; inputs: string[]; outputs: string[]; tags: string[] }> } {
    return {
      pipeline: this.nodes.map((n) => ({
        name: n.name,
        inputs: [...n.inputs],
        outputs: [...n.outputs],
        tags: [...n.tags],
      })),
    };
  }

  toString(): string {
    return `Pipeline([${this.nodes.map(String).join(', ')}])`;
  }

  private walk(start: readonly Node[], next: (n: Node) => Node[]): Node[] {
    const seen = new Set<Node>(start);
    const stack = [...start];
    while (stack.length) {
      for (const m of next(stack.pop()!)) {
        if (!seen.has(m)) {
          seen.add(m);
          stack.push(m);
        }
      }
    }
    return [...seen];
  }

  /** A bare name matches every transcoded variant; `name@fmt` only that variant. */
  private directConsumers(datasets: string[]): Node[] {
    return this.nodes.filter((n) => datasets.some((d) => n.inputs.some((i) => matchesDataset(i, d))));
  }

  private directProducers(datasets: string[]): Node[] {
    return this.nodes.filter((n) => datasets.some((d) => n.outputs.some((o) => matchesDataset(o, d))));
  }

  private checkDatasetsExist(datasets: string[]): void {
    const all = this.datasets();
    const stripped = new Set([...all].map(stripTranscoding));
    const missing = datasets.filter((d) => !all.has(d) && !stripped.has(d));
    if (missing.length) {
      let message = `Pipeline does not contain datasets named ${JSON.stringify(missing.sort())}`;
      const similar = missing.flatMap((m) => closeMatches(m, all));
      if (similar.length) message += `. Did you mean: ${JSON.stringify(similar)}?`;
      throw new PipelineError(message);
    }
  }
}

/** Every dataset name on one side of the nodes, once each, in order of appearance. */
function names(nodes: readonly Node[], side: 'inputs' | 'outputs'): string[] {
  return [...new Set(nodes.flatMap((n) => n[side]))];
}

const isTranscoded = (name: string) => name.includes('@');

function matchesDataset(name: string, wanted: string): boolean {
  return name === wanted || (!wanted.includes('@') && stripTranscoding(name) === wanted);
}

function assertPipeline(value: unknown, op: string): void {
  if (!(value instanceof Pipeline)) {
    const type =
      value === null ? 'null' : typeof value === 'object' ? (value as object).constructor.name : typeof value;
    throw new TypeError(`unsupported operand type(s) for ${op}: 'Pipeline' and '${type}'`);
  }
}

function flatten(items: Iterable<Node | Pipeline>): Node[] {
  const out: Node[] = [];
  for (const item of items) {
    if (item instanceof Pipeline) out.push(...item.nodes);
    else if (item instanceof Node) out.push(item);
    else throw new PipelineError(`A pipeline holds nodes and pipelines, not '${typeof item}': ${String(item)}`);
  }
  return out;
}

/** Equal nodes (same name, inputs, outputs) collapse into the first one, as Kedro's set union does. */
function dedupeEqual(nodes: Node[]): Node[] {
  const seen = new Set<string>();
  return nodes.filter((n) => {
    if (seen.has(n.key)) return false;
    seen.add(n.key);
    return true;
  });
}

function checkUniqueNames(nodes: Node[]): void {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const n of nodes) (seen.has(n.name) ? dupes : seen).add(n.name);
  if (dupes.size) {
    throw new PipelineError(
      `Pipeline nodes must have unique names. The following node names appear more than once:\n\n${[...dupes]
        .map((d) => `  - ${d}`)
        .join('\n')}\n\nYou can name your nodes using the name option of 'node()'.`,
    );
  }
}

function checkUniqueOutputs(nodes: Node[]): void {
  const seen = new Map<string, Node>();
  const dupes = new Map<string, Node[]>();
  for (const n of nodes) {
    for (const out of n.outputs) {
      const base = stripTranscoding(out);
      const first = seen.get(base);
      if (first && first !== n) dupes.set(base, [...(dupes.get(base) ?? [first]), n]);
      else seen.set(base, n);
    }
  }
  if (dupes.size) {
    const detail = [...dupes].map(([d, ns]) => `'${d}' by ${ns.map((n) => n.name).join(' and ')}`).join('; ');
    throw new OutputNotUniqueError(
      `Output(s) ${JSON.stringify([...dupes.keys()].sort())} are returned by more than one nodes (${detail}). Node outputs must be unique.`,
    );
  }
}

function checkTranscoding(nodes: Node[]): void {
  if (!nodes.some((n) => n.inputs.some(isTranscoded) || n.outputs.some(isTranscoded))) return;
  const transcoded = new Set<string>();
  const plain = new Set<string>();
  for (const n of nodes) {
    for (const side of [n.inputs, n.outputs]) {
      for (const d of side) {
        if (d.includes('@')) transcoded.add(stripTranscoding(d));
        else plain.add(d);
      }
    }
  }
  const both = [...transcoded].filter((d) => plain.has(d));
  if (both.length) {
    throw new PipelineError(
      `The following datasets are used with transcoding, but were referenced without the separator: ${both.join(', ')}.\nPlease specify a transcoding option or rename the datasets.`,
    );
  }
}
