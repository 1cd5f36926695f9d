// Which dataset names a request may ask about, and which files it may read: the project's own.
// A name matching a factory pattern such as `{name}_txt` would otherwise fill `../../x` into a path.
import { isAbsolute, resolve } from 'node:path';
import { stripTranscoding } from '../engine/node';
import { isInside } from '../project/project-path';
import type { Project } from '../project/types';
import { ServiceError } from './service-error';

export type DatasetKind = 'parameter' | 'entry' | 'pipeline';

export const isParameter = (name: string): boolean => name === 'parameters' || name.startsWith('params:');

/** A catalog entry's name, or a name some pipeline of the project reads or writes; else not-found. */
export function datasetKind(project: Project, name: string): DatasetKind {
  if (isParameter(name)) return 'parameter';
  const plain = stripTranscoding(name);
  const entries = project.catalogConfig;
  if (Object.hasOwn(entries, name) || Object.hasOwn(entries, plain)) return 'entry';
  for (const pipeline of Object.values(project.pipelines)) {
    for (const d of pipeline.datasets()) if (d === name || stripTranscoding(d) === plain) return 'pipeline';
  }
  throw new ServiceError(
    'not-found',
    `No dataset '${name}' in this project: it is neither in the catalog nor read or written by a pipeline.`,
  );
}

/** Refuses a dataset whose file (filled in by a factory pattern) lies outside the project. */
export function assertFileInProject(project: Project, name: string, description: Record<string, unknown>): void {
  for (const key of ['filepath', 'path']) {
    const value = description[key];
    if (typeof value !== 'string' || /^[a-z][\w+.-]*:\/\//i.test(value)) continue;
    const abs = isAbsolute(value) ? value : resolve(project.root, value);
    if (!isInside(resolve(project.root), abs)) {
      throw new ServiceError(
        'usage',
        `Dataset '${name}' resolves to ${value}, outside the project: the app reads only files in the project folder.`,
      );
    }
  }
}

/** A file a past run wrote, when it is in the project. */
export function fileInProject(project: Project, path: string): boolean {
  return isInside(resolve(project.root), resolve(project.root, path));
}
