// Paths that requests name (a function `src/x.ts#f`, a runner, a dataset's file) must stay in the
// project: the app and `pipewright serve` never read or import anything else on disk.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ProjectError } from './project-error';

/** True when `abs` is `root` or below it. */
export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The absolute path of a project-relative path; refuses absolute paths and `..` segments.
 * `what` says who named it, for the message.
 */
export function projectPath(root: string, path: string, what: string): string {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.split(/[\\/]/).includes('..')) {
    throw new ProjectError(
      `${what}: '${path}' is not a project file. Name files relative to the project folder, without '..'.`,
    );
  }
  const abs = resolve(root, path);
  if (!isInside(resolve(root), abs)) throw new ProjectError(`${what}: '${path}' is outside the project.`);
  return abs;
}

/** Refuses an existing file that a symbolic link takes outside the project. */
export function assertRealInside(root: string, abs: string, what: string): void {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return; // missing: whoever opens it reports that
  }
  if (!isInside(realpathSync(root), real)) {
    throw new ProjectError(
      `${what}: '${relative(root, abs).split(sep).join('/')}' leads outside the project (a symbolic link).`,
    );
  }
}
