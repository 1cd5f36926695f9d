import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { CatalogEntrySummary, ProjectSummary, RunnerChoice } from '../../src-shared/api-types';
import type { Project } from '../project/types';
import { BUILT_IN_RUNNERS } from './runner-factory';
import { jsonRecord } from './json-safe';
import { projectProblems } from './project-problems';

// The three PRODUCT.md names, listed even before their modules register themselves.
const BUILT_IN = ['SequentialRunner', 'ThreadRunner', 'ParallelRunner'];

export function summarizeProject(project: Project): ProjectSummary {
  const pipelines = Object.entries(project.pipelines)
    .map(([name, p]) => ({
      name,
      nodeCount: p.nodes.length,
      datasetCount: p.datasets().size,
      tags: [...p.tags].sort(),
      namespaces: [...new Set(p.nodes.flatMap((n) => n.namespacePrefixes))].sort(),
    }))
    // __default__ first: the app opens on it.
    .sort((a, b) => (a.name === '__default__' ? -1 : b.name === '__default__' ? 1 : a.name.localeCompare(b.name)));
  return {
    root: project.root,
    name: basename(project.root),
    env: project.env,
    envs: projectEnvs(project.root, project.env),
    pipelines,
    tags: [...new Set(pipelines.flatMap((p) => p.tags))].sort(),
    runners: runnerChoices(project.root),
    catalog: catalogSummary(project),
    parameters: jsonRecord(project.parameters),
    loadedAt: Date.now(),
    problems: projectProblems(project),
  };
}

/** The configuration environments a run can use: the folders of conf/ beside base. */
export function projectEnvs(root: string, current: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(join(root, 'conf'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'base' && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch {
    // A project without conf/ has only its current env.
  }
  return [...new Set([...names, current])].sort();
}

function catalogSummary(project: Project): CatalogEntrySummary[] {
  return Object.entries(project.catalogConfig)
    .map(([name, entry]) => {
      const layer = (entry.metadata as { layer?: unknown } | undefined)?.layer ?? entry.layer;
      return {
        name,
        type: String(entry.type),
        isPattern: name.includes('{'),
        versioned: entry.versioned === true,
        ...(typeof layer === 'string' ? { layer } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function runnerChoices(root: string): RunnerChoice[] {
  const builtIn = [...new Set([...BUILT_IN, ...Object.keys(BUILT_IN_RUNNERS)])].map((id) => ({
    id,
    label: id,
    builtIn: true,
  }));
  return [...builtIn, ...findCustomRunners(root)];
}

const RUNNER_CLASS = /export\s+(?:default\s+)?class\s+(\w+)\s+extends\s+(\w*Runner)\b/g;

/** The project's own runners: exported classes under src/ that extend a runner class. */
export function findCustomRunners(root: string): RunnerChoice[] {
  const found: RunnerChoice[] = [];
  for (const file of sourceFiles(join(root, 'src'), 4)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(RUNNER_CLASS)) {
      const ref = `${relative(root, file).split('\\').join('/')}#${match[1]}`;
      found.push({ id: ref, label: match[1]!, builtIn: false });
    }
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

function sourceFiles(dir: string, depth: number): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries.sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory() && depth > 0) out.push(...sourceFiles(path, depth - 1));
    else if (stat?.isFile() && /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry) && !/\.d\.ts$/.test(entry)) out.push(path);
  }
  return out;
}
