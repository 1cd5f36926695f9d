import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pipewright, removeDir, writeProject } from './cli-helpers';

// A small chain project: raw (JSON file) → clean → summary (JSON file), with a parameter.
const chain = (extra: Record<string, string> = {}) =>
  writeProject({
    'conf/base/catalog.yml':
      'raw:\n  type: JSONDataset\n  filepath: data/raw.json\nsummary:\n  type: JSONDataset\n  filepath: data/summary.json\n',
    'conf/base/parameters.yml': 'scale: 2\n',
    'conf/local/.gitkeep': '',
    'data/raw.json': '[1, 2, 3]',
    'src/nodes.ts': [
      'export const clean = (xs: number[], scale: number) => xs.map((x) => x * scale);',
      'export const summarise = (xs: number[]) => ({ total: xs.reduce((a, b) => a + b, 0) });',
      "export const explode = (_xs: number[]) => { throw new Error('boom in explode'); };",
    ].join('\n'),
    'src/pipeline_registry.ts': [
      "import { node, pipeline } from 'pipewright';",
      "import { clean, summarise, explode } from './nodes';",
      'export function registerPipelines() {',
      '  return {',
      "    __default__: pipeline([node(clean, ['raw', 'params:scale'], 'cleaned', { name: 'clean', tags: ['prep'] }), node(summarise, 'cleaned', 'summary', { name: 'summarise' })]),",
      "    failing: pipeline([node(clean, ['raw', 'params:scale'], 'cleaned', { name: 'clean' }), node(explode, 'cleaned', 'summary', { name: 'explode' })]),",
      "    needs_param: pipeline([node(clean, ['raw', 'params:missing_one'], 'summary', { name: 'clean' })]),",
      '  };',
      '}',
    ].join('\n'),
    ...extra,
  });

let dirs: string[] = [];
const project = (extra?: Record<string, string>) => {
  const dir = chain(extra);
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  dirs.forEach(removeDir);
  dirs = [];
});

describe('pipewright run on a small project', () => {
  it('runs, writes the output, and logs like Kedro', async () => {
    const dir = project();
    const r = await pipewright(['run', '--project', dir]);
    expect(r.stderr).toContain('Loading data from raw (JSONDataset)...');
    expect(r.stderr).toContain('Running node: clean: clean([raw;params:scale]) -> [cleaned]');
    expect(r.stderr).toContain('Completed 2 out of 2 tasks');
    expect(r.stderr).toMatch(/Pipeline execution completed successfully in \d+\.\d sec\./);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'data/summary.json'), 'utf8'))).toEqual({ total: 12 });
  });

  it('--params overrides a parameter and --json prints one document', async () => {
    const dir = project();
    const r = await pipewright(['run', '--project', dir, '--params', 'scale=10', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ status: 'success', pipeline: '__default__', runner: 'SequentialRunner', async: false });
    expect(doc.nodes.map((n: { name: string; status: string }) => [n.name, n.status])).toEqual([
      ['clean', 'done'],
      ['summarise', 'done'],
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'data/summary.json'), 'utf8'))).toEqual({ total: 60 });
  });

  it('a node that throws exits 1, names the node and error, and prints the resume command', async () => {
    const dir = project();
    const r = await pipewright(['run', '--project', dir, '--pipeline', 'failing']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Node 'explode' failed: boom in explode");
    expect(r.stderr).toContain(`pipewright run --project ${dir} --pipeline failing --from-nodes "clean"`);
    expect(r.stderr).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
    expect(existsSync(join(dir, 'data/summary.json'))).toBe(false);
  });

  it('--async logs the asynchronous mode line', async () => {
    const dir = project();
    const r = await pipewright(['run', '--project', dir, '--async']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Asynchronous mode is enabled for loading and saving data');
  });
});

describe('bad usage and bad projects exit 2 with a message that says what and where', () => {
  const expectUsage = async (args: string[], ...fragments: (string | RegExp)[]) => {
    const r = await pipewright(args);
    expect(r.code, r.stderr).toBe(2);
    for (const f of fragments) expect(r.stderr).toMatch(f);
    expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    return r;
  };

  it('--parallel together with --runner', async () => {
    await expectUsage(
      ['run', '--project', project(), '--parallel', '--runner', 'SequentialRunner'],
      /--parallel and --runner/,
    );
  });

  it('an unknown pipeline lists the registered ones', async () => {
    await expectUsage(
      ['run', '--project', project(), '--pipeline', 'faling'],
      "'faling'",
      /__default__, failing, needs_param/,
      /Did you mean 'failing'/,
    );
  });

  it('an unknown node, tag, or a filter that leaves no node', async () => {
    const dir = project();
    await expectUsage(['run', '--project', dir, '--nodes', 'cleen'], /nodes named \["cleen"\]/);
    await expectUsage(['run', '--project', dir, '--tags', 'nope'], /no node tagged 'nope'/, /prep/);
    await expectUsage(
      ['run', '--project', dir, '--nodes', 'summarise', '--tags', 'prep'],
      /no nodes after applying all provided filters/,
    );
  });

  it('a missing parameter names the parameter', async () => {
    await expectUsage(['run', '--project', project(), '--pipeline', 'needs_param'], /missing_one/);
  });

  it('malformed YAML names the file and line', async () => {
    const dir = project({ 'conf/base/catalog.yml': 'raw:\n  type: JSONDataset\n  filepath: [data/raw.json\n' });
    await expectUsage(['run', '--project', dir], /catalog\.yml/, /line \d+|:\d+:\d+/);
  });

  it('an unknown dataset type names the dataset and lists the known types', async () => {
    const dir = project({ 'conf/base/catalog.yml': 'raw:\n  type: ExcelWorkbookDataset\n  filepath: data/raw.xlsx\n' });
    await expectUsage(['run', '--project', dir], /raw/, /ExcelWorkbookDataset/, /CSVDataset/);
  });

  it('a cycle names the nodes in it', async () => {
    const dir = project({
      'src/pipeline_registry.ts': [
        "import { node, pipeline } from 'pipewright';",
        'const id = (x: unknown) => x;',
        "export const registerPipelines = () => ({ __default__: pipeline([node(id, 'a', 'b', { name: 'first' }), node(id, 'b', 'a', { name: 'second' })]) });",
      ].join('\n'),
    });
    await expectUsage(['run', '--project', dir], /Circular dependencies/, /first/, /second/);
  });

  it('duplicate outputs name the dataset', async () => {
    const dir = project({
      'src/pipeline_registry.ts': [
        "import { node, pipeline } from 'pipewright';",
        'const id = (x: unknown) => x;',
        "export const registerPipelines = () => ({ __default__: pipeline([node(id, 'raw', 'out', { name: 'one' }), node(id, 'raw', 'out', { name: 'two' })]) });",
      ].join('\n'),
    });
    await expectUsage(['run', '--project', dir], /\["out"\] are returned by more than one/);
  });

  it('a folder that is not a project', async () => {
    const dir = writeProject({ 'README.md': 'not a project' });
    dirs.push(dir);
    await expectUsage(['run', '--project', dir], /not a Pipewright project|not a project/i);
  });

  it('bad --params and --max-workers', async () => {
    const dir = project();
    await expectUsage(['run', '--project', dir, '--params', 'scale'], /must contain a key and a value/);
    await expectUsage(['run', '--project', dir, '--max-workers', '0'], /positive/);
  });
});

describe('nothing is lost', () => {
  it('a file that cannot be loaded fails the node naming the dataset and path', async () => {
    const dir = project({ 'data/raw.json': '' });
    writeFileSync(join(dir, 'data/raw.json'), '{ not json');
    const r = await pipewright(['run', '--project', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/'raw'/);
    expect(r.stderr).toContain('data/raw.json');
    expect(readdirSync(join(dir, 'data')).sort()).toEqual(['raw.json']);
  });
});

describe('pipewright --version', () => {
  it('prints the version from package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const r = await pipewright([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });
});
