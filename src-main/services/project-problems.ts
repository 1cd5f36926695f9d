// The project's load warnings as the app shows them: each broken catalog entry on its own, with
// the file and line that define it, then the other warnings (the CLI prints the same on stderr).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectProblem } from '../../src-shared/api-types';
import { CatalogError } from '../project/create-catalog';
import type { Project } from '../project/types';

export function projectProblems(project: Project): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const error = project.catalogError;
  if (error instanceof CatalogError) {
    for (const { name, file, problem } of error.entries)
      problems.push({
        kind: 'catalog',
        message: `Catalog entry '${name}' cannot be built: ${problem}`,
        dataset: name,
        ...(file ? { file, line: keyLine(project.root, file, name) } : {}),
      });
  } else if (error) problems.push({ kind: 'catalog', message: error.message });
  for (const message of project.warnings) {
    if (message === error?.message) continue;
    problems.push({ kind: 'warning', message, ...placeIn(message) });
  }
  return problems;
}

/** The line of a top-level key in a YAML file, or undefined (a key from a pattern or a merge). */
function keyLine(root: string, file: string, key: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => {
    const m = /^(["']?)(.+?)\1\s*:/.exec(l);
    return m !== null && m[2] === key;
  });
  return i < 0 ? undefined : i + 1;
}

/** The first project file a warning names (`src/pipelines/x.ts`, with `:line` when it has one). */
function placeIn(message: string): { file?: string; line?: number } {
  const m = /\b((?:src|conf|pipelines)\/[\w./-]+\.(?:ts|mts|js|mjs|json|ya?ml))(?::(\d+))?/.exec(message);
  if (!m) return {};
  return m[2] ? { file: m[1], line: Number(m[2]) } : { file: m[1] };
}
