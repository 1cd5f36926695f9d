import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_TYPES } from '../../src-main/project/project-types';
import { ParquetDataset } from '../../src-main/datasets';
import type { Table } from '../../src-main/table';
import { REPO, copyExample, pipewright, removeDir } from './cli-helpers';

const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
let parent: string;

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'pw-new-'));
  // The declarations are built by `npm install`; build them once if this checkout has none.
  if (!existsSync(join(BUILT_TYPES, 'build.json'))) {
    const { buildTypes } = (await import(join(REPO, 'scripts', 'build-types.mjs'))) as {
      buildTypes: (o: { root: string }) => Promise<number>;
    };
    await buildTypes({ root: REPO });
  }
}, 120_000);
afterAll(() => removeDir(parent));

const tsc = (dir: string) => {
  try {
    execFileSync(process.execPath, [TSC, '--noEmit', '-p', dir], { encoding: 'utf8' });
    return { code: 0, out: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
};

describe('pipewright new', () => {
  it("creates Kedro's layout, and `pipewright run` in it succeeds", async () => {
    const made = await pipewright(['new', 'my-project'], { cwd: parent });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const dir = join(parent, 'my-project');
    expect(made.stdout).toContain(`Created ${dir}.`);
    for (const f of [
      'conf/base/catalog.yml',
      'conf/base/parameters.yml',
      'conf/base/pipewright.yml',
      'conf/local/credentials.yml',
      'src/pipeline_registry.ts',
      'src/settings.ts',
      'src/pipelines/hello/pipeline.ts',
      'README.md',
      'tsconfig.json',
      '.pipewright/types/pipewright.d.ts',
      ...[
        '01_raw',
        '02_intermediate',
        '03_primary',
        '04_feature',
        '05_model_input',
        '06_models',
        '07_model_output',
        '08_reporting',
      ].map((l) => `data/${l}/.gitkeep`),
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(existsSync(join(dir, '_gitignore'))).toBe(false);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/^# my-project\n/);
    expect(
      readFileSync(join(dir, 'conf/base/pipewright.yml'), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#')),
    ).toEqual([]);
    const run = await pipewright(['run'], { cwd: dir });
    expect(run.stderr).not.toMatch(/Error|Warning/);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'data/08_reporting/greeting.txt'), 'utf8')).toBe('Hello, world!\n');
    const list = await pipewright(['list', '--json'], { cwd: dir });
    expect(Object.keys(JSON.parse(list.stdout).pipelines).sort()).toEqual(['__default__', 'hello']);
  });

  it('its .gitignore keeps conf/local, data files and .pipewright out of git (checked by git itself)', async () => {
    const dir = join(parent, 'ignored');
    expect((await pipewright(['new', 'ignored'], { cwd: parent })).code).toBe(0);
    writeFileSync(join(dir, 'data/01_raw/x.csv'), 'a\n1\n');
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const check = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', path], { cwd: dir });
        return true;
      } catch {
        return false;
      }
    };
    expect(check('conf/local/credentials.yml')).toBe(true);
    expect(check('data/01_raw/x.csv')).toBe(true);
    expect(check('.pipewright/types/pipewright.d.ts')).toBe(true);
    expect(check('data/01_raw/.gitkeep')).toBe(false);
    expect(check('conf/base/catalog.yml')).toBe(false);
    expect(check('src/settings.ts')).toBe(false);
  });

  it('--starter spaceflights is examples/spaceflights: its files, and a run with its results, as real processes', async () => {
    const made = await pipewright(['new', 'flights', '--starter', 'spaceflights'], { cwd: parent });
    expect(made.code, made.stderr).toBe(0);
    const dir = join(parent, 'flights');
    // One source: every file of the example is in the new project as it is (the README gets the project's name).
    const example = join(REPO, 'examples', 'spaceflights');
    const tracked = execFileSync('git', ['ls-files', '-z', '.'], { cwd: example, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && f !== '.gitignore');
    expect(tracked).toContain('data/01_raw/shuttles.xlsx');
    for (const file of tracked.filter((f) => f !== 'README.md')) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(example, file))), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(
      readFileSync(join(example, 'README.md'), 'utf8').replace(/^# spaceflights\n/, '# flights\n'),
    );
    for (const f of ['.gitignore', 'conf/base/pipewright.yml', 'conf/local/credentials.yml', 'tsconfig.json']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }

    const run = await pipewright(['run', '--json'], { cwd: dir });
    expect(run.stderr).not.toMatch(/Error|Warning/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).nodes.map((n: { status: string }) => n.status)).toEqual(Array(12).fill('done'));
    const copy = copyExample('spaceflights');
    try {
      const ran = await pipewright(['run', '--project', copy, '--json']);
      expect(ran.code, ran.stderr).toBe(0);
      for (const out of [
        'data/08_reporting/active_modelling_pipeline/metrics.json',
        'data/08_reporting/candidate_modelling_pipeline/metrics.json',
        'data/08_reporting/shuttle_passenger_capacity_chart.vl.json',
      ]) {
        expect(JSON.parse(readFileSync(join(dir, out), 'utf8')), out).toEqual(
          JSON.parse(readFileSync(join(copy, out), 'utf8')),
        );
      }
      const table = (root: string) =>
        new ParquetDataset({ filepath: 'data/03_primary/model_input_table.parquet', root }).load() as Promise<Table>;
      const [ours, theirs] = [await table(dir), await table(copy)];
      expect(ours.numRows()).toBeGreaterThan(300);
      expect(ours.objects()).toEqual(theirs.objects());
    } finally {
      removeDir(copy);
    }

    const list = await pipewright(['list', '--json'], { cwd: dir });
    expect(Object.keys(JSON.parse(list.stdout).pipelines).sort()).toEqual([
      '__default__',
      'data_processing',
      'data_science',
      'reporting',
    ]);
    // Worker processes load the project too: findPipelines() finds the same pipelines there.
    const parallel = await pipewright(['run', '--parallel', '--pipeline', 'data_science', '--json'], { cwd: dir });
    expect(parallel.stderr).not.toMatch(/Error|Warning/);
    expect(parallel.code).toBe(0);
    expect(JSON.parse(parallel.stdout).nodes.map((n: { status: string }) => n.status)).toEqual(Array(6).fill('done'));
  }, 120_000);

  it("`tsc --noEmit` passes on a new project, and fails with TS2307 without Pipewright's declarations", async () => {
    for (const [name, starter] of [
      ['typed', []],
      ['typed-flights', ['--starter', 'spaceflights']],
    ] as const) {
      expect((await pipewright(['new', name, ...starter], { cwd: parent })).code).toBe(0);
      const dir = join(parent, name);
      expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions.paths).toEqual({
        pipewright: ['./.pipewright/types/pipewright.d.ts'],
      });
      expect(tsc(dir)).toEqual({ code: 0, out: '' });
    }
    // A node's Table is arquero's table, typed, in a project outside this repository too.
    const flights = join(parent, 'typed-flights');
    const check = join(flights, 'src/table-check.ts');
    writeFileSync(
      check,
      "import type { Table } from 'pipewright';\nexport const rows = (t: Table): number => t.numRows();\nexport const wrong = (t: Table): number => t.notAVerb();\n",
    );
    expect(tsc(flights).out).toContain("Property 'notAVerb' does not exist on type 'ColumnTable'");
    rmSync(check);
    const dir = join(parent, 'typed');
    renameSync(join(dir, '.pipewright/types'), join(dir, '.pipewright/types-away'));
    const without = tsc(dir);
    expect(without.code).not.toBe(0);
    expect(without.out).toContain("error TS2307: Cannot find module 'pipewright'");
    // A run puts them back.
    expect((await pipewright(['run'], { cwd: dir })).code).toBe(0);
    expect(tsc(dir).code).toBe(0);
  }, 60_000);

  it('refuses an existing folder, a bad name and an unknown starter (with a suggestion), creating nothing', async () => {
    expect((await pipewright(['new', 'taken'], { cwd: parent })).code).toBe(0);
    writeFileSync(join(parent, 'taken', 'mine.txt'), 'kept');
    const existing = await pipewright(['new', 'taken', '--starter', 'spaceflights'], { cwd: parent });
    expect(existing.code).toBe(2);
    expect(existing.stderr).toBe(
      `Error: '${join(parent, 'taken')}' already exists: choose another name or remove it first.\n`,
    );
    expect(readFileSync(join(parent, 'taken', 'mine.txt'), 'utf8')).toBe('kept');
    expect(existsSync(join(parent, 'taken', 'data/01_raw/shuttles.xlsx'))).toBe(false);

    const bad = await pipewright(['new', 'a/b'], { cwd: parent });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "Error: 'a/b' is not a valid project name: it must contain only letters, digits, spaces, underscores and hyphens, and be at least 2 characters long.\n",
    );
    expect((await pipewright(['new', 'x'], { cwd: parent })).stderr).toContain("'x' is not a valid project name");

    const unknown = await pipewright(['new', 'other', '--starter', 'spaceflight'], { cwd: parent });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "Error: Unknown starter 'spaceflight'. Did you mean 'spaceflights'? Starters: spaceflights.\n",
    );
    expect(existsSync(join(parent, 'other'))).toBe(false);
    expect(existsSync(join(parent, 'x'))).toBe(false);
  });
});
