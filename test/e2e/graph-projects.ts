// Small generated projects for the graph's end-to-end tests, written next to the copied examples.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectDir } from './helpers';

export interface FixtureNode {
  name: string;
  inputs: string[];
  outputs: string[];
  namespace?: string;
}

/**
 * Writes a project whose pipeline is `nodes` (every function passes its first input on), with
 * `catalog` as conf/base/catalog.yml. Returns the project's folder name.
 */
export function writeProject(name: string, nodes: FixtureNode[], catalog = ''): string {
  const root = projectDir(name);
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'conf', 'base'), { recursive: true });
  mkdirSync(join(root, 'conf', 'local'), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  writeFileSync(join(root, 'conf', 'base', 'catalog.yml'), catalog || '{}\n');
  writeFileSync(join(root, 'conf', 'base', 'parameters.yml'), 'rate: 1\n');
  writeFileSync(join(root, 'src', 'nodes.ts'), 'export const pass = (x: unknown) => x;\n');
  const body = nodes
    .map((n) => {
      const outputs = n.outputs.length === 1 ? JSON.stringify(n.outputs[0]) : JSON.stringify(n.outputs);
      const one = `node(pass, ${JSON.stringify(n.inputs)}, ${outputs}, { name: ${JSON.stringify(n.name)} })`;
      return n.namespace ? `pipeline([${one}], { namespace: ${JSON.stringify(n.namespace)} })` : `pipeline([${one}])`;
    })
    .join(',\n    ');
  writeFileSync(
    join(root, 'src', 'pipeline_registry.ts'),
    `import { node, pipeline, type Pipeline } from 'pipewright';
import { pass } from './nodes';

export function registerPipelines(): Record<string, Pipeline> {
  const parts = [
    ${body},
  ];
  const all = parts.reduce((a, b) => a.plus(b));
  return { __default__: all };
}
`,
  );
  return name;
}

/** A chain with side branches: `count` functions, each reading the last output and a raw input. */
export function chain(count: number): FixtureNode[] {
  const nodes: FixtureNode[] = [];
  for (let i = 1; i <= count; i++)
    nodes.push({
      name: `step_${i}`,
      inputs: i === 1 ? ['raw_1'] : [`out_${i - 1}`, ...(i % 3 === 0 ? [`raw_${i}`] : [])],
      outputs: [`out_${i}`],
    });
  return nodes;
}
