import { createHash } from 'node:crypto';
import { NodeError } from './errors';

/** A dataset name, a list of names (positional), a record (keyword / named outputs), or none. */
export type NodeIO = string | string[] | Record<string, string> | null | undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NodeFunction = (...args: any[]) => unknown;

export interface NodeOptions {
  name?: string;
  tags?: string | Iterable<string>;
  namespace?: string;
}

const VALID_NAME = /^[\w.-]+$/;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object';
  return typeof value;
}

function checkIO(kind: 'inputs' | 'outputs', io: unknown): void {
  if (io === null || io === undefined || typeof io === 'string') return;
  const names = Array.isArray(io)
    ? io
    : typeof io === 'object' && Object.getPrototypeOf(io) === Object.prototype
      ? Object.values(io as object)
      : undefined;
  if (!names) {
    throw new NodeError(`'${kind}' type must be one of [String, Array, Record, null], not '${describeType(io)}'.`);
  }
  for (const x of names) {
    if (typeof x !== 'string') {
      throw new NodeError(
        `names of variables used as ${kind} to the function must be of 'String' type, but ${String(x)} from ${JSON.stringify(io)} is '${describeType(x)}'.`,
      );
    }
  }
}

function toList(io: NodeIO): string[] {
  if (io === null || io === undefined) return [];
  if (typeof io === 'string') return [io];
  if (Array.isArray(io)) return [...io];
  return Object.values(io);
}

function isEmpty(io: NodeIO): boolean {
  if (io === null || io === undefined) return true;
  if (typeof io === 'string') return false;
  return Array.isArray(io) ? io.length === 0 : Object.keys(io).length === 0;
}

/** Kedro's rendering: an absent or empty side is `None`, anything else `[a;b]`. */
function formatSide(io: NodeIO): string {
  const names = toList(io);
  return names.length ? `[${names.join(';')}]` : 'None';
}

/** Native and bound functions report an arity that says nothing about what they accept. */
function isNative(func: NodeFunction): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(func));
}

export function stripTranscoding(name: string): string {
  const at = name.indexOf('@');
  if (at === -1) return name;
  if (name.indexOf('@', at + 1) !== -1) {
    const count = name.split('@').length - 1;
    throw new NodeError(`Expected maximum 1 transcoding separator, found ${count} instead: '${name}'.`);
  }
  return name.slice(0, at);
}

function invalid(message: string): NodeError {
  return new NodeError(`Invalid Node definition: ${message}\nFormat should be: node(function, inputs, outputs)`);
}

/**
 * A node: a function with named inputs and outputs. Immutable; `tag` and the namespacing
 * helpers return new nodes.
 */
export class Node {
  readonly func: NodeFunction;
  readonly tags: ReadonlySet<string>;
  readonly namespace: string | undefined;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  /** The name given by the user, without namespace; undefined for a default name. */
  readonly explicitName: string | undefined;
  private readonly rawInputs: NodeIO;
  private readonly rawOutputs: NodeIO;
  private cachedString: string | undefined;
  private cachedKey: string | undefined;

  constructor(func: NodeFunction, inputs: NodeIO, outputs: NodeIO, options: NodeOptions = {}) {
    if (typeof func !== 'function') {
      throw invalid(`first argument must be a function, not '${describeType(func)}'.`);
    }
    checkIO('inputs', inputs);
    checkIO('outputs', outputs);
    if (isEmpty(inputs) && isEmpty(outputs)) throw invalid("it must have some 'inputs' or 'outputs'.");
    if (options.name !== undefined && !VALID_NAME.test(options.name)) {
      throw new NodeError(
        `'${options.name}' is not a valid node name. It must contain only letters, digits, hyphens, underscores and/or fullstops.`,
      );
    }
    const tags = typeof options.tags === 'string' ? [options.tags] : options.tags ? [...options.tags] : [];
    for (const tag of tags) {
      if (!VALID_NAME.test(tag)) {
        throw new NodeError(
          `'${tag}' is not a valid node tag. It must contain only letters, digits, hyphens, underscores and/or fullstops.`,
        );
      }
    }
    this.func = func;
    this.rawInputs = inputs ?? null;
    this.rawOutputs = outputs ?? null;
    this.inputs = Object.freeze(toList(inputs));
    this.outputs = Object.freeze(toList(outputs));
    this.tags = new Set(tags);
    this.namespace = options.namespace || undefined;
    this.explicitName = options.name;

    const baseName = options.name ?? this.defaultName();
    this.name = this.namespace ? `${this.namespace}.${baseName}` : baseName;
    this.validateOutputs();
    this.validateArity();
  }

  get funcName(): string {
    return this.func.name || '<lambda>';
  }

  /** Kedro's short name: the explicit name, or the function name in title case. */
  get shortName(): string {
    if (this.explicitName) return this.explicitName;
    return this.funcName.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  }

  get namespacePrefixes(): string[] {
    if (!this.namespace) return [];
    const parts = this.namespace.split('.');
    return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  }

  /** Keyword-style inputs: the record form passes one object to the function. */
  get inputMapping(): Readonly<Record<string, string>> | undefined {
    const raw = this.rawInputs;
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : undefined;
  }

  get outputMapping(): Readonly<Record<string, string>> | undefined {
    const raw = this.rawOutputs;
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : undefined;
  }

  /** The definition as given, for copies with renamed datasets. */
  get definition(): { inputs: NodeIO; outputs: NodeIO } {
    return { inputs: this.rawInputs, outputs: this.rawOutputs };
  }

  toString(): string {
    if (this.cachedString === undefined) {
      // As in Kedro: the explicit name without the namespace.
      const prefix = this.explicitName ? `${this.explicitName}: ` : '';
      this.cachedString = `${prefix}${this.funcName}(${formatSide(this.rawInputs)}) -> ${formatSide(this.rawOutputs)}`;
    }
    return this.cachedString;
  }

  /** Equality as in Kedro: name, inputs and outputs; not the function or tags. */
  equals(other: unknown): boolean {
    return other instanceof Node && other.key === this.key;
  }

  /** A string that orders and identifies nodes the way Kedro's (name, inputs, outputs) tuple does. */
  get key(): string {
    if (this.cachedKey !== undefined) return this.cachedKey;
    const io = (raw: NodeIO) =>
      raw && typeof raw === 'object' && !Array.isArray(raw)
        ? JSON.stringify(Object.entries(raw).sort(([a], [b]) => a.localeCompare(b)))
        : JSON.stringify(toList(raw));
    this.cachedKey = `${this.name}\u0000${io(this.rawInputs)}\u0000${io(this.rawOutputs)}`;
    return this.cachedKey;
  }

  tag(tags: string | Iterable<string>): Node {
    const more = typeof tags === 'string' ? [tags] : [...tags];
    return this.copy({ tags: [...this.tags, ...more] });
  }

  /** A copy with other inputs, outputs, name, namespace or tags: what namespacing needs. */
  copy(
    changes: { inputs?: NodeIO; outputs?: NodeIO; name?: string; namespace?: string; tags?: Iterable<string> } = {},
  ): Node {
    return new Node(
      this.func,
      'inputs' in changes ? changes.inputs : this.rawInputs,
      'outputs' in changes ? changes.outputs : this.rawOutputs,
      {
        name: 'name' in changes ? changes.name : this.explicitName,
        namespace: 'namespace' in changes ? changes.namespace : this.namespace,
        tags: changes.tags ?? this.tags,
      },
    );
  }

  /**
   * Runs the function on the given inputs (a record from dataset name to value) and returns the
   * outputs as a record from dataset name to value.
   */
  async run(inputs: Record<string, unknown> | null = {}): Promise<Record<string, unknown>> {
    if (inputs === null) inputs = {};
    if (typeof inputs !== 'object' || Array.isArray(inputs)) {
      throw new NodeError(`Node.run() expects a record or null, but got ${describeType(inputs)} instead`);
    }
    this.checkRunInputs(inputs);
    const result = await this.call(inputs);
    return this.outputsFrom(result);
  }

  /** Calls the function with inputs already checked; returns what it returned. */
  call(inputs: Record<string, unknown>): unknown {
    const raw = this.rawInputs;
    if (raw === null || raw === undefined) return this.func();
    if (typeof raw === 'string') return this.func(inputs[raw]);
    if (Array.isArray(raw)) return this.func(...raw.map((name) => inputs[name]));
    const kwargs: Record<string, unknown> = {};
    for (const [arg, name] of Object.entries(raw)) kwargs[arg] = inputs[name];
    return this.func(kwargs);
  }

  /** Maps a function's return value onto the declared outputs, checking its shape. */
  outputsFrom(result: unknown): Record<string, unknown> {
    const raw = this.rawOutputs;
    const fail = (why: string) => new NodeError(`Failed to save outputs of node ${this}.\n${why}`);
    if (raw === null || raw === undefined) return {};
    if (typeof raw === 'string') return { [raw]: result };
    if (Array.isArray(raw)) {
      if (!Array.isArray(result)) {
        throw fail(
          `The node definition contains a list of outputs ${JSON.stringify(raw)}, whereas the node function returned a '${describeType(result)}'.`,
        );
      }
      if (result.length !== raw.length) {
        throw fail(
          `The node function returned ${result.length} output(s), whereas the node definition contains ${raw.length} output(s).`,
        );
      }
      const out: Record<string, unknown> = {};
      raw.forEach((name, i) => (out[name] = result[i]));
      return out;
    }
    if (!result || typeof result !== 'object' || Array.isArray(result)) {
      throw fail(`The node output is a record, whereas the function output is ${describeType(result)}.`);
    }
    const declared = Object.keys(raw).sort();
    const returned = Object.keys(result).sort();
    if (declared.join('\u0000') !== returned.join('\u0000')) {
      throw fail(
        `The node's declared output keys [${declared.join(', ')}] do not match the returned output's keys [${returned.join(', ')}].`,
      );
    }
    const out: Record<string, unknown> = {};
    for (const [key, name] of Object.entries(raw)) out[name] = (result as Record<string, unknown>)[key];
    return out;
  }

  private checkRunInputs(inputs: Record<string, unknown>): void {
    const given = Object.keys(inputs).sort();
    const expected = [...new Set(this.inputs)].sort();
    if (given.length === expected.length && given.every((k, i) => k === expected[i])) return;
    const got = `but got the following ${given.length} input(s) instead: ${JSON.stringify(given)}.`;
    const raw = this.rawInputs;
    if (raw === null || raw === undefined) throw new NodeError(`Node ${this} expected no inputs, ${got}`);
    if (typeof raw === 'string') throw new NodeError(`Node ${this} expected one input named '${raw}', ${got}`);
    throw new NodeError(`Node ${this} expected ${expected.length} input(s) ${JSON.stringify(expected)}, ${got}`);
  }

  private defaultName(): string {
    const hash = createHash('sha256')
      .update(`${this.funcName}|${JSON.stringify(this.inputs)}|${JSON.stringify(this.outputs)}`)
      .digest('hex')
      .slice(0, 8);
    const base = this.funcName === '<lambda>' ? 'lambda' : this.funcName;
    return `${base}__${hash}`;
  }

  private validateOutputs(): void {
    const ins = this.inputs;
    const outs = this.outputs;
    // The common node (one output, at most one input) is checked without sets.
    if (outs.length === 1 && ins.length <= 1) {
      const input = ins.length ? stripTranscoding(ins[0]) : undefined;
      if (input !== stripTranscoding(outs[0])) return;
    }
    const seen = new Set<string>();
    const dupes = new Set<string>();
    for (const o of this.outputs) (seen.has(o) ? dupes : seen).add(o);
    if (dupes.size) {
      throw new NodeError(
        `Failed to create node ${this} due to duplicate output(s) ${JSON.stringify([...dupes])}.\nNode outputs must be unique.`,
      );
    }
    const stripped = new Set(ins.map(stripTranscoding));
    const both = outs.map(stripTranscoding).filter((o) => stripped.has(o));
    if (both.length) {
      throw new NodeError(
        `Failed to create node ${this}.\nA node cannot have the same inputs and outputs even if they are transcoded: ${JSON.stringify(both)}`,
      );
    }
  }

  private validateArity(): void {
    const raw = this.rawInputs;
    const count =
      raw === null || raw === undefined ? 0 : typeof raw === 'string' ? 1 : Array.isArray(raw) ? raw.length : 1;
    if (count < this.func.length && !isNative(this.func)) {
      throw new NodeError(
        `Inputs of '${this.funcName}' function expected ${this.func.length} argument(s), but got ${JSON.stringify(raw ?? null)}`,
      );
    }
  }
}

/** Kedro's `node(func, inputs, outputs, { name, tags, namespace })`. */
export function node(func: NodeFunction, inputs: NodeIO, outputs: NodeIO, options: NodeOptions = {}): Node {
  return new Node(func, inputs, outputs, options);
}
