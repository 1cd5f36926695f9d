import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipewright } from '../cli/cli-helpers';
import { writeProject } from '../project/project-helpers';
import { useApiServer, type SeenRequest } from './api-server';

const serve = useApiServer();
const PASSWORD = 'open-s3same-4242';
const BASIC = `Basic ${Buffer.from(`ada:${PASSWORD}`).toString('base64')}`;

/** The server: /cars needs basic auth, /upload takes posts, anything else is 404. */
function reply(r: SeenRequest) {
  if (r.url.startsWith('/cars')) {
    if (r.headers.authorization !== BASIC) return { status: 401, body: '{"error":"who are you"}' };
    return {
      body: JSON.stringify([
        { id: 1, make: 'Volvo', year: Number(new URL(r.url, 'http://x').searchParams.get('year')) },
      ]),
    };
  }
  if (r.url === '/upload' && r.method === 'POST') return { status: 201, body: '{}' };
  return { status: 404, body: 'not here' };
}

function project(base: string, carsPath = '/cars') {
  return writeProject({
    'conf/base/catalog.yml': [
      'cars:',
      '  type: api.APIDataset',
      `  url: ${base}${carsPath}`,
      '  load_args: { params: { year: 2024 }, timeout: 10 }',
      '  credentials: cars_api',
      'copy: { type: JSONDataset, filepath: data/cars.json }',
      'upload:',
      '  type: kedro_datasets.api.APIDataSet',
      `  url: ${base}/upload`,
      '  method: POST',
      '  credentials: cars_api',
      '',
    ].join('\n'),
    'conf/local/credentials.yml': `cars_api:\n  username: ada\n  password: ${PASSWORD}\n`,
    'src/pipeline_registry.ts': [
      "import { node, pipeline } from 'pipewright';",
      'const same = (x: unknown) => x;',
      "export const registerPipelines = () => ({ __default__: pipeline([node(same, 'cars', 'copy', { name: 'fetch' }), node(same, 'copy', 'upload', { name: 'send' })]) });",
      '',
    ].join('\n'),
  });
}

function recordedFiles(dir: string): string[] {
  const root = join(dir, '.pipewright');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((f) => join(root, f))
    .filter((f) => statSync(f).isFile() && !f.includes(join('.pipewright', 'types')));
}

describe('APIDataset in a project run through the CLI', () => {
  it('GETs with credentials.yml basic auth and POSTs a save; the password is nowhere in the output or the history', async () => {
    const server = await serve(reply);
    const dir = project(server.base);
    const run = await pipewright(['run', '--project', dir]);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'data/cars.json'), 'utf8'))).toEqual([
      { id: 1, make: 'Volvo', year: 2024 },
    ]);
    expect(server.seen.map((r) => [r.method, r.url.split('?')[0], r.headers.authorization])).toEqual([
      ['GET', '/cars', BASIC],
      ['POST', '/upload', BASIC],
    ]);
    expect(JSON.parse(server.seen[1]!.body)).toEqual([{ id: 1, make: 'Volvo', year: 2024 }]);
    const list = await pipewright(['list', '--project', dir, '--json']);
    const runs = await pipewright(['runs', '--project', dir, '--json']);
    for (const out of [run.stdout, run.stderr, list.stdout, list.stderr, runs.stdout, runs.stderr])
      expect(out).not.toContain(PASSWORD);
    const recorded = recordedFiles(dir);
    expect(recorded.some((f) => f.endsWith('history.db'))).toBe(true);
    for (const f of recorded) expect(readFileSync(f).includes(PASSWORD), f).toBe(false);
  });

  it('a 404 fails the run naming the dataset, the URL and the status, without the password', async () => {
    const server = await serve(reply);
    const dir = project(server.base, '/nowhere');
    const run = await pipewright(['run', '--project', dir]);
    expect(run.code).not.toBe(0);
    const out = run.stdout + run.stderr;
    expect(out).toContain("dataset 'cars'");
    expect(out).toContain(`APIDataset request GET ${server.base}/nowhere failed with status 404 Not Found.`);
    expect(out).not.toContain(PASSWORD);
    for (const f of recordedFiles(dir)) expect(readFileSync(f).includes(PASSWORD), f).toBe(false);
  });
});
