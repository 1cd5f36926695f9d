// ./bin/pipewright runs the CLI bundle the build made (scripts/build-cli.mjs, out/cli/main.js)
// while every source that went into it is unchanged, else the sources through jiti. Projects
// still load through jiti, and their `'pipewright'` import is the engine inside the bundle.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_INPUTS_FILE, buildCli } from '../../scripts/build-cli.mjs';
import { BIN, REPO, pipewright, writeProject } from './cli-helpers';

const OUT = join(REPO, 'out', 'cli');
const scratch = mkdtempSync(join(tmpdir(), 'pw-cli-bundle-'));
/** Preloaded into the CLI's process: writes the files its main thread loaded, at exit. */
const REPORT = join(scratch, 'report-modules.cjs');

beforeAll(async () => {
  await buildCli({ root: REPO }); // what `npm install` and `npm test` do first
  writeFileSync(
    REPORT,
    `const { isMainThread } = require('node:worker_threads');
if (isMainThread) process.on('exit', () => require('node:fs').writeFileSync(process.env.PW_LOADED, Object.keys(require.cache).join('\\n')));\n`,
  );
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `./bin/pipewright args` and the files its main thread loaded. */
async function pipewrightLoading(args: string[], env: Record<string, string> = {}) {
  const loaded = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const result = await pipewright(args, {
    env: { NODE_OPTIONS: `--require ${REPORT}`, PW_LOADED: loaded, ...env },
  });
  return { ...result, loaded: readFileSync(loaded, 'utf8').split('\n') };
}

const CHAIN = {
  'conf/base/catalog.yml': '{}\n',
  'conf/base/parameters.yml': 'x: 1\n',
  'src/pipeline_registry.ts': [
    "import { node, pipeline } from 'pipewright';",
    'const identity = <T>(x: T): T => x;',
    'export const registerPipelines = () => ({ __default__: pipeline(Array.from({ length: 3 }, (_, i) =>',
    "  node(identity, i === 0 ? 'params:x' : `d${i}`, `d${i + 1}`, { name: `n${i}` }))) });",
    '',
  ].join('\n'),
  // Run on the CLI's own thread: the runner factory checks that it extends the engine's AbstractRunner.
  'src/runner.ts':
    "import { SequentialRunner } from 'pipewright';\nexport class InProcessRunner extends SequentialRunner {}\n",
};

describe('the CLI bundle built by the build', () => {
  it('holds only our sources, and names no folder of this checkout', () => {
    const files = readdirSync(OUT).filter((f) => f.endsWith('.js'));
    expect(files).toContain('main.js');
    for (const file of files) {
      const code = readFileSync(join(OUT, file), 'utf8');
      expect(code, file).not.toContain(REPO);
      expect(code, file).not.toMatch(/function rolldown\(/);
    }
    // Native code and the project loader are required from node_modules, never copied in.
    const all = files.map((file) => readFileSync(join(OUT, file), 'utf8')).join('\n');
    expect(all).toContain('require("better-sqlite3")');
    expect(all).toContain('require("jiti")');
    const inputs = JSON.parse(readFileSync(join(OUT, CLI_INPUTS_FILE), 'utf8')).inputs as Array<[string]>;
    expect(inputs.map(([file]) => file)).toContain('src-main/cli/main.ts');
    expect(inputs.filter(([file]) => /node_modules\/(better-sqlite3|jiti)\//.test(file))).toEqual([]);
  });

  it('bin/pipewright runs it: no TypeScript source of ours is loaded, and files are found as from the sources', async () => {
    const { code, stdout, loaded } = await pipewrightLoading(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    expect(loaded).toContain(join(OUT, 'main.js'));
    expect(loaded.filter((f) => f.startsWith(join(REPO, 'src-main')) && f.endsWith('.ts'))).toEqual([]);
  });

  it("a project's 'pipewright' classes are the bundle's: a custom runner runs a chain on the CLI's thread", async () => {
    const dir = writeProject(CHAIN);
    try {
      const { code, stderr, loaded } = await pipewrightLoading([
        'run',
        '--project',
        dir,
        '--runner',
        'src/runner.ts#InProcessRunner',
      ]);
      expect(stderr).toContain('Completed 3 out of 3 tasks');
      expect(code).toBe(0);
      expect(loaded).toContain(join(dir, 'src', 'runner.ts'));
      expect(loaded.filter((f) => f.startsWith(join(REPO, 'src-main')) && f.endsWith('.ts'))).toEqual([]);
      const listed = await pipewright(['list', '--project', dir]);
      expect(listed.stdout).toContain('__default__');
      expect(listed.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PIPEWRIGHT_CLI_BUNDLE=0 loads the sources through jiti', async () => {
    const { code, loaded } = await pipewrightLoading(['--version'], { PIPEWRIGHT_CLI_BUNDLE: '0' });
    expect(code).toBe(0);
    expect(loaded).toContain(join(REPO, 'src-main', 'cli', 'main.ts'));
    expect(loaded).not.toContain(join(OUT, 'main.js'));
  });
});

describe('bin/pipewright in a checkout whose sources changed since the build', () => {
  /** A checkout of bin/pipewright whose "bundle" and "sources" each say which one ran. */
  function fakeCheckout() {
    const root = mkdtempSync(join(scratch, 'root-'));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'src-main', 'cli'), { recursive: true });
    mkdirSync(join(root, 'out', 'cli'), { recursive: true });
    cpSync(BIN, join(root, 'bin', 'pipewright'));
    for (const file of ['cache-dir.cjs', 'bundle-inputs.cjs'])
      cpSync(join(REPO, 'src-main', file), join(root, 'src-main', file));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    const source = join(root, 'src-main', 'cli', 'main.ts');
    writeFileSync(
      source,
      "export async function main(): Promise<number> {\n  console.log('sources');\n  return 0;\n}\n",
    );
    writeFileSync(join(root, 'out', 'cli', 'main.js'), "exports.main = async () => (console.log('bundle'), 0);\n");
    utimesSync(source, 1_700_000_000, 1_700_000_000);
    const st = statSync(source);
    writeFileSync(
      join(root, 'out', 'cli', CLI_INPUTS_FILE),
      JSON.stringify({ inputs: [['src-main/cli/main.ts', st.size, st.mtimeMs]] }),
    );
    return { root, source };
  }
  const ran = (root: string, env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'pipewright')], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    return `${r.stdout.trim()}${r.status === 0 ? '' : ` (exit ${r.status}: ${r.stderr})`}`;
  };

  it('runs the bundle while every input is as built', () => {
    expect(ran(fakeCheckout().root)).toBe('bundle');
  });

  it('loads the sources once an input is edited (a new mtime or size) or gone, or its record is missing', () => {
    let b = fakeCheckout();
    utimesSync(b.source, new Date(), new Date());
    expect(ran(b.root)).toBe('sources');
    b = fakeCheckout();
    writeFileSync(b.source, `${readFileSync(b.source, 'utf8')}// edited\n`);
    utimesSync(b.source, 1_700_000_000, 1_700_000_000);
    expect(ran(b.root)).toBe('sources');
    b = fakeCheckout();
    rmSync(join(b.root, 'out', 'cli', CLI_INPUTS_FILE));
    expect(ran(b.root)).toBe('sources');
  });

  it('names the edited file under PIPEWRIGHT_DEBUG', () => {
    const b = fakeCheckout();
    utimesSync(b.source, new Date(), new Date());
    const r = spawnSync(process.execPath, [join(b.root, 'bin', 'pipewright')], {
      env: { ...process.env, PIPEWRIGHT_DEBUG: '1' },
      encoding: 'utf8',
    });
    expect(r.stderr).toContain('out/cli is out of date (src-main/cli/main.ts)');
  });
});
