// The declarations of 'pipewright' (built into out/types/ by scripts/build-types.mjs) copied into
// a project's .pipewright/types/, so that its editor and `tsc` resolve `import ... from 'pipewright'`
// through the tsconfig.json that `pipewright new` writes.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the build puts the declarations: out/types beside out/main (the same from the sources). */
export const BUILT_TYPES = resolve(__dirname, '..', '..', 'out', 'types');
export const PROJECT_TYPES = join('.pipewright', 'types');
export const TYPES_ENTRY = './.pipewright/types/pipewright.d.ts';

const stamp = (dir: string): string | undefined => {
  try {
    return readFileSync(join(dir, 'build.json'), 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * Copies the declarations into the project unless it has these very ones. Returns false when
 * there are none to copy (a checkout where `npm install` did not build them) or the project
 * folder cannot be written: types help the editor, a run never depends on them.
 */
export function refreshProjectTypes(root: string, from = BUILT_TYPES): boolean {
  const built = stamp(from);
  if (built === undefined) return false;
  const target = join(root, PROJECT_TYPES);
  if (stamp(target) === built) return true;
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(join(root, '.pipewright'), { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    cpSync(from, tmp, { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return true;
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return existsSync(join(target, 'pipewright.d.ts'));
  }
}

/** The tsconfig.json of a new project: `pipewright` resolves to the copied declarations. */
export const PROJECT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    paths: { pipewright: [TYPES_ENTRY] },
  },
  include: ['src/**/*'],
};

/** Writes tsconfig.json unless the project has one: a user's own is never replaced. */
export function writeProjectTsconfig(root: string): boolean {
  const file = join(root, 'tsconfig.json');
  if (existsSync(file)) return false;
  writeFileSync(file, `${JSON.stringify(PROJECT_TSCONFIG, null, 2)}\n`, { flag: 'wx' });
  return true;
}
