// Builds the declarations of the 'pipewright' module (src-main/project/pipewright-module.ts) into
// out/types/, with out/types/pipewright.d.ts as their entry. Projects get a copy in
// .pipewright/types/ (src-main/project/project-types.ts), so that editors and `tsc` resolve
// `import { node } from 'pipewright'`. Run by `npm install` (prepare); by hand: node scripts/build-types.mjs.
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ENTRY = 'src-main/project/pipewright-module.ts';
/** Packages whose declarations the public types name (a node's `Table`), copied beside them. */
export const TYPE_PACKAGES = ['arquero', '@uwdata/flechette'];

/** Copies a package's declaration folder and a package.json pointing at it into `<dir>/node_modules`. */
function copyPackageTypes(root, dir, name) {
  const from = join(root, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  const types = pkg.types ?? pkg.typings;
  if (!types) throw new Error(`${name} declares no types in its package.json`);
  const typesDir = dirname(types);
  const to = join(dir, 'node_modules', name);
  cpSync(join(from, typesDir), join(to, typesDir), { recursive: true });
  writeFileSync(join(to, 'package.json'), `${JSON.stringify({ name, version: pkg.version, types }, null, 2)}\n`);
}

/** Emits the declarations of `root`'s library into `outDir` (replaced whole); resolves to the file count. */
export async function buildTypes({ root, outDir = join(root, 'out', 'types') }) {
  const ts = (await import('typescript')).default;
  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: root,
    outDir: tmp,
  };
  const program = ts.createProgram([join(root, ENTRY)], options);
  const result = program.emit();
  const errors = ts
    .getPreEmitDiagnostics(program)
    .concat(result.diagnostics)
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(
      ts.formatDiagnostics(errors.slice(0, 5), {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => '\n',
      }),
    );
  }
  for (const name of TYPE_PACKAGES) copyPackageTypes(root, tmp, name);
  const entry = `./${ENTRY.replace(/\.ts$/, '')}`;
  writeFileSync(
    join(tmp, 'pipewright.d.ts'),
    `// The types of 'pipewright', as this version of Pipewright runs it.\nexport * from '${entry}';\n`,
  );
  writeFileSync(join(tmp, 'build.json'), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(tmp, outDir);
  return result.emittedFiles?.length ?? program.getSourceFiles().filter((f) => !f.isDeclarationFile).length;
}

async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    await import('typescript');
  } catch {
    console.warn('pipewright: typescript (a dev dependency) is not installed; the type declarations are not built.');
    return;
  }
  const started = performance.now();
  const outDir = join(root, 'out', 'types');
  const files = await buildTypes({ root, outDir });
  console.log(
    `pipewright: built ${relative(process.cwd(), outDir)} (${files} modules, ${Math.round(performance.now() - started)} ms)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`pipewright: building the type declarations failed: ${err?.message ?? err}`);
    process.exit(1);
  });
}
