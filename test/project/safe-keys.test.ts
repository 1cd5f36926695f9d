import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseParams } from '../../src-main/cli/parse-options';
import { loadProject } from '../../src-main/project';
import { pipewright } from '../cli/cli-helpers';
import { REGISTRY_ONE, rejection, writeProject } from './project-helpers';

const polluted = () => (({}) as Record<string, unknown>).x;

const parents: string[] = [];
afterEach(() => {
  // A failing test must not leave the next ones polluted.
  delete (Object.prototype as Record<string, unknown>).x;
  for (const dir of parents.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project in a folder of its own, so that files beside it are this test's alone. */
const project = (extra: Record<string, string> = {}) => {
  const parent = mkdtempSync(join(tmpdir(), 'pw-keys-'));
  parents.push(parent);
  const files = {
    'conf/base/catalog.yml': '',
    'conf/base/parameters.yml': 'a: 1\n',
    'src/pipeline_registry.ts': REGISTRY_ONE,
    ...extra,
  };
  return writeProject(files, join(parent, 'project'));
};

describe('keys that reach a prototype are refused, naming the key and where', () => {
  it('--params __proto__.x=1: the CLI exits 2 with the message, and parsing pollutes nothing', async () => {
    const root = project();
    const res = await pipewright(['run', '--project', root, '--pipeline', 'one', '--params', '__proto__.x=1']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("The key '__proto__.x' in --params is not allowed");
    expect(() => parseParams('__proto__.x=1')).toThrow(/--params/);
    expect(() => parseParams('a.constructor.prototype.x=1')).toThrow(/--params/);
    expect(polluted()).toBeUndefined();
  });

  it('runtime parameters (the API, a script) with an own __proto__ or constructor key', async () => {
    const root = project();
    const viaJson = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect((await rejection(loadProject(root, { runtimeParams: viaJson }))).message).toBe(
      "The key '__proto__' in the run's parameters (--params) is not allowed: '__proto__', 'constructor' and 'prototype' cannot be names.",
    );
    const nested = JSON.parse('{"a": {"constructor": {"prototype": {"x": 1}}}}') as Record<string, unknown>;
    expect((await rejection(loadProject(root, { runtimeParams: nested }))).message).toMatch(
      /'a\.constructor' in the run's parameters/,
    );
    expect(polluted()).toBeUndefined();
  });

  it('parameters.yml and catalog.yml (entries and their args)', async () => {
    const params = project({ 'conf/base/parameters.yml': 'model:\n  __proto__:\n    x: 1\n' });
    expect((await rejection(loadProject(params))).message).toBe(
      "The key 'model.__proto__' in conf/base/parameters.yml is not allowed: '__proto__', 'constructor' and 'prototype' cannot be names.",
    );
    const catalog = project({
      'conf/local/catalog.yml':
        'raw:\n  type: CSVDataset\n  filepath: data/raw.csv\n  load_args:\n    constructor: 1\n',
    });
    expect((await rejection(loadProject(catalog))).message).toMatch(
      /^The key 'raw\.load_args\.constructor' in conf\/local\/catalog\.yml is not allowed/,
    );
    expect(polluted()).toBeUndefined();
  });

  it('pipeline files', async () => {
    const file = '{"nodes": [{"name": "n", "func": "src/f.ts#f", "inputs": {"__proto__": "a"}, "outputs": "b"}]}';
    const root = project({ 'pipelines/p.json': file, 'src/f.ts': 'export const f = (x: number) => x;' });
    expect((await rejection(loadProject(root))).message).toBe(
      "pipelines/p.json is not a valid pipeline file: (top level): The key 'nodes[0].inputs.__proto__' in the pipeline file is not allowed: '__proto__', 'constructor' and 'prototype' cannot be names.",
    );
  });
});

describe('function references stay in the project', () => {
  const outside = (root: string) => {
    const file = join(dirname(root), 'outside.ts');
    const marker = join(dirname(root), 'imported');
    writeFileSync(
      file,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'yes');\nexport const f = (x: number) => x;\n`,
    );
    return { file, marker };
  };
  const withRef = (func: string) => JSON.stringify({ nodes: [{ name: 'n', func, inputs: 'a', outputs: 'b' }] });

  it('refuses ../ and absolute references without importing them', async () => {
    const root = project();
    const { file, marker } = outside(root);
    for (const ref of ['../outside.ts#f', `${file}#f`, 'src/../../outside.ts#f']) {
      mkdirSync(join(root, 'pipelines'), { recursive: true });
      writeFileSync(join(root, 'pipelines', 'p.json'), withRef(ref));
      expect((await rejection(loadProject(root))).message).toMatch(/is not a project file/);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses a symbolic link that leads outside', async () => {
    const root = project({ 'pipelines/p.json': withRef('src/link.ts#f') });
    const { file, marker } = outside(root);
    symlinkSync(file, join(root, 'src', 'link.ts'));
    expect((await rejection(loadProject(root))).message).toMatch(/'src\/link\.ts' leads outside the project/);
    expect(existsSync(marker)).toBe(false);
  });
});
