import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src-main/project';
import { pipewright } from '../cli/cli-helpers';
import { rejection, writeProject } from './project-helpers';

const PASSWORD = 'hunter2-s3cr3t-pw';

const DATASET = `import { AbstractDataset } from 'pipewright';
export class RemoteTable extends AbstractDataset<string> {
  private readonly credentials: { user: string; password: string };
  constructor(options: { credentials: { user: string; password: string }; table: string }) {
    super();
    this.credentials = options.credentials;
  }
  load() { return 'rows for ' + this.credentials.user + ' (' + this.credentials.password.length + ')'; }
  save() {}
  describe() { return { url: 'db://' + this.credentials.user + ':' + this.credentials.password + '@host', credentials: this.credentials }; }
}
`;

const files = (extra: Record<string, string> = {}) => ({
  'conf/base/catalog.yml':
    'remote:\n  type: src/datasets.ts#RemoteTable\n  table: shuttles\n  credentials: db\nreport:\n  type: TextDataset\n  filepath: data/report.txt\n',
  'conf/local/credentials.yml': `db:\n  user: scott\n  password: ${PASSWORD}\n`,
  'src/datasets.ts': DATASET,
  'src/pipeline_registry.ts':
    "import { node, pipeline } from 'pipewright';\nexport const registerPipelines = () => ({ p: pipeline([node((r: string) => r, 'remote', 'report', { name: 'copy' })]) });\n",
  ...extra,
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('credentials.yml', () => {
  it("replaces a catalog entry's `credentials: name` for the dataset only; the config and describe() never show it", async () => {
    const project = await loadProject(writeProject(files()));
    expect(project.catalogConfig.remote.credentials).toBe('db');
    const ds = project.createDataset('remote');
    expect(await ds.load()).toBe('rows for scott (17)');
    expect(JSON.stringify(ds.describe())).not.toContain(PASSWORD);
    expect(String(ds)).not.toContain(PASSWORD);
    expect(ds.describe()).toEqual({ url: 'db://***:***@host', credentials: { user: '***', password: '***' } });
  });

  it('a real run uses them and logs, lists and records none of them', async () => {
    const dir = writeProject(files());
    const run = await pipewright(['run', '--project', dir, '--json']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'data/report.txt'), 'utf8')).toBe('rows for scott (17)');
    const list = await pipewright(['list', '--project', dir, '--json']);
    const runs = await pipewright(['runs', '--project', dir, '--json']);
    for (const out of [run.stdout, run.stderr, list.stdout, list.stderr, runs.stdout])
      expect(out).not.toContain(PASSWORD);
    const recorded = filesUnder(join(dir, '.pipewright')).filter((f) => !f.includes(`${join('.pipewright', 'types')}`));
    expect(recorded.some((f) => f.endsWith('history.db'))).toBe(true);
    for (const f of recorded) expect(readFileSync(f).includes(PASSWORD), f).toBe(false);
  });

  it('${oc.env:VAR} reads an environment variable in credentials, with a default', async () => {
    const dir = writeProject(
      files({
        'conf/local/credentials.yml':
          'db:\n  user: ${oc.env:PW_TEST_DB_USER,nobody}\n  password: ${oc.env:PW_TEST_DB_PASSWORD}\n',
      }),
    );
    process.env.PW_TEST_DB_PASSWORD = 'from-env';
    try {
      expect(await (await loadProject(dir)).createDataset('remote').load()).toBe('rows for nobody (8)');
    } finally {
      delete process.env.PW_TEST_DB_PASSWORD;
    }
    expect((await rejection(loadProject(dir))).message).toContain(
      "the environment variable 'PW_TEST_DB_PASSWORD' is not set",
    );
  });

  it('unknown credentials name the dataset, the catalog file and the names defined, never their values', async () => {
    const dir = writeProject(
      files({ 'conf/base/catalog.yml': 'remote:\n  type: src/datasets.ts#RemoteTable\n  credentials: dbx\n' }),
    );
    const err = await rejection(loadProject(dir));
    expect(err.message).toBe(
      "Unable to find credentials 'dbx' for dataset 'remote' in conf/base/catalog.yml: no credentials.yml of conf/base or the environment defines it (defined: db).",
    );
  });

  it('keys of credentials.yml go through the safe-keys guard', async () => {
    const err = await rejection(
      loadProject(writeProject(files({ 'conf/local/credentials.yml': 'db:\n  __proto__: { x: 1 }\n' }))),
    );
    expect(err.message).toContain("'db.__proto__' in conf/local/credentials.yml is not allowed");
  });
});
