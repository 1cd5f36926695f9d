import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadProject } from '../../project/load-project';
import type { DataCatalog } from '../../engine/catalog/data-catalog';
import type { Project } from '../../project/types';
import type { CliIO } from '../cli-io';

interface DatasetInfo {
  name: string;
  type: string;
}

function datasetType(catalog: DataCatalog, name: string): string {
  if (name === 'parameters' || name.startsWith('params:')) return 'parameters';
  return catalog.has(name) ? catalog.getDataset(name).typeName : 'MemoryDataset (default)';
}

/** Every registered pipeline with its nodes and datasets, as data. */
export function describeProject(project: Project) {
  const catalog = project.createCatalog();
  return Object.fromEntries(
    Object.entries(project.pipelines).map(([name, p]) => {
      const datasets: DatasetInfo[] = [...p.datasets()].sort().map((d) => ({ name: d, type: datasetType(catalog, d) }));
      return [
        name,
        {
          nodes: p.nodes.map((n) => ({
            name: n.name,
            func: n.funcName,
            inputs: [...n.inputs],
            outputs: [...n.outputs],
            tags: [...n.tags].sort(),
            namespace: n.namespace ?? null,
          })),
          datasets,
          inputs: [...p.inputs()].sort(),
          outputs: [...p.outputs()].sort(),
        },
      ];
    }),
  );
}

export function registerListCommand(program: Command, io: CliIO): void {
  program
    .command('list')
    .description('list the pipelines, their nodes and datasets')
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .option('--env <name>', 'read conf/<name> over conf/base instead of conf/local')
    .option('--json', 'print one JSON document on stdout')
    .action(async (flags: { project?: string; env?: string; json?: boolean }) => {
      const project = await loadProject(resolve(io.cwd, flags.project ?? '.'), { env: flags.env });
      const described = describeProject(project);
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ project: project.root, env: project.env, pipelines: described }, null, 2)}\n`,
        );
        return;
      }
      const out: string[] = [`Project ${project.root} (env: ${project.env})`, ''];
      for (const [name, p] of Object.entries(described)) {
        out.push(`${name}: ${p.nodes.length} nodes, ${p.datasets.length} datasets`);
        out.push('  nodes:');
        for (const n of p.nodes) {
          const tags = n.tags.length ? `  [${n.tags.join(', ')}]` : '';
          out.push(`    ${n.name}: ${n.func}([${n.inputs.join(';')}]) -> [${n.outputs.join(';')}]${tags}`);
        }
        out.push('  datasets:');
        for (const d of p.datasets) out.push(`    ${d.name} (${d.type})`);
        out.push('');
      }
      io.stdout.write(`${out.join('\n')}`);
    });
}
