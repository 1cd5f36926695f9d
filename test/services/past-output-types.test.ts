// A past run's output as that run wrote it, read through its dataset type from the store of past
// outputs, for every type issue 12 names: real runs of the CLI, today's files rewritten or deleted
// since, then the app's services (preview, explorer) and `pipewright show --output`.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetPreview } from '../../src-shared/contract';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { pipewright, removeDir } from '../cli/cli-helpers';
import { PAST_OUTPUTS, RED_PNG, pastOutputProject } from './past-output-project';
import { serviceCaller } from '../service-call';

let dir: string;
let dataDir: string;
let services: AppServices;
const call = serviceCaller(() => services);
let first: string;
/** The bytes each file output had after the first run. */
const firstBytes: Record<string, Buffer> = {};

async function run(args: string[] = []): Promise<string> {
  const r = await pipewright(['run', '--project', dir, ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { runId: string }).runId;
}

const past = (name: string) => call('datasets.preview', { name, runId: first, limit: 50 });
const tableRows = (p: DatasetPreview) => {
  if (p.kind !== 'table') throw new Error(`expected a table, got ${JSON.stringify(p).slice(0, 300)}`);
  return p.rows.map((r) => Object.fromEntries(p.columns.map((c, i) => [c.name, r[i]])));
};
const OLD_SCORES = [
  { name: 'ann', score: 20 },
  { name: 'bob', score: 40 },
  { name: 'cy', score: 60 },
];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  dir = pastOutputProject();
  first = await run();
  for (const [key, path] of Object.entries(PAST_OUTPUTS))
    if (key !== 'parts' && key !== 'sql') firstBytes[key] = readFileSync(join(dir, path));
  await run(['--params', 'factor=3']);
  // Today's files no longer hold the first run's data: rewritten by the second run, some deleted.
  rmSync(join(dir, PAST_OUTPUTS.parquet));
  rmSync(join(dir, PAST_OUTPUTS.excel));
  rmSync(join(dir, PAST_OUTPUTS.parts), { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'pw-past-data-'));
  services = createServices({ dataDir, openHistory: openAppHistory });
  await call('project.open', { root: dir });
});
afterAll(() => {
  services?.close();
  removeDir(dir);
  removeDir(dataDir);
});

describe("a past run's output through its dataset type", () => {
  it('previews each table type as the table the run wrote', async () => {
    for (const name of ['csv', 'parquet', 'excel', 'feather', 'sql', 'tableJson']) {
      const p = await past(name);
      expect(p, name).toMatchObject({ source: 'run', runId: first, kind: 'table', rowCount: 3 });
      expect(p.note, name).toBeUndefined();
      expect(tableRows(p), name).toEqual(OLD_SCORES);
    }
  });

  it('previews a Pickle as its value, an image as an image, JSON and YAML as their values', async () => {
    const pickle = await past('pickle');
    expect(pickle).toMatchObject({ kind: 'json', value: { kind: 'linear', coef: [2, 2.5] } });
    expect(JSON.stringify(pickle)).toContain('2024-01-02');
    const image = await past('image');
    expect(image).toMatchObject({ kind: 'image', mime: 'image/png', dataUrl: `data:image/png;base64,${RED_PNG}` });
    expect(await past('json')).toMatchObject({ kind: 'json', value: { total: 120, factor: 2 } });
    expect(await past('yaml')).toMatchObject({ kind: 'json', value: { total: 120, factor: 2 } });
  });

  it('previews a partitioned output as its partitions, each read through the partition type', async () => {
    const p = await past('parts');
    const rows = tableRows(p);
    expect(rows.map((r) => [r.partition, r.file])).toEqual([
      ['north', 'north.csv'],
      ['south', 'south.csv'],
    ]);
    expect(String(rows[1].value)).toContain('1 rows × 2 columns (city, n)');
  });

  it('explores the past tables (sort, stats) from the kept copy, not from today', async () => {
    for (const name of ['csv', 'parquet', 'excel', 'sql', 'pickle']) {
      if (name === 'pickle') {
        await expect(call('datasets.table', { name, runId: first, offset: 0, limit: 10 })).rejects.toThrow(/pickle/);
        continue;
      }
      const page = await call('datasets.table', {
        name,
        runId: first,
        offset: 0,
        limit: 10,
        sort: { column: 'score', desc: true },
      });
      expect(
        page.rows.map((r) => r[page.columns.findIndex((c) => c.name === 'score')]),
        name,
      ).toEqual([60, 40, 20]);
      const stats = await call('datasets.stats', { name, runId: first });
      expect(JSON.stringify(stats), name).toContain('"max":60');
    }
  });

  it('falls back to the file extension, and says so, when the catalog type changed or the entry is gone', async () => {
    const catalog = join(dir, 'conf/base/catalog.yml');
    const original = readFileSync(catalog, 'utf8');
    try {
      writeFileSync(
        catalog,
        original
          .replace('json: { type: JSONDataset', 'json: { type: TextDataset')
          .replace(/^pickle:.*$/m, '')
          .replace(/^image:.*$/m, 'image: { type: pillow.ImageDataset }'),
      );
      await call('project.open', { root: dir });
      const json = await past('json');
      expect(json).toMatchObject({ kind: 'json', value: { total: 120 } });
      expect(json.note).toBe(
        `Run ${first} wrote 'json' as a JSONDataset, but the catalog now says TextDataset, so the kept copy of ${PAST_OUTPUTS.json} is shown by its file extension instead of through its dataset type.`,
      );
      const pickle = await past('pickle');
      expect(pickle.note).toContain("'pickle' is no longer in the catalog, so the kept copy of data/model.pkl");
      const image = await past('image');
      expect(image.kind).toBe('image');
      expect(image.note).toMatch(/^'image' cannot be built from today's catalog \(.*filepath.*\), so the kept copy/);
      const shown = await pipewright(['show', first, '--project', dir, '--output', 'pickle']);
      expect(shown.code).toBe(2);
      expect(shown.stderr).toContain(
        `Output 'pickle' is binary (${firstBytes.pickle.length} bytes) and cannot be printed ('pickle' is no longer in the catalog, so the kept copy of data/model.pkl is shown by its file extension instead of through its dataset type): restore it to a file with --to FILE.`,
      );
    } finally {
      writeFileSync(catalog, original);
      await call('project.open', { root: dir });
    }
  });
});

describe('pipewright show RUN --output NAME for every type', () => {
  it('prints a binary table output as its head in CSV, a Pickle as JSON, and describes an image', async () => {
    for (const name of ['parquet', 'excel', 'feather']) {
      const r = await pipewright(['show', first, '--project', dir, '--output', name]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, name).toBe('name,score\nann,20\nbob,40\ncy,60\n');
    }
    const csv = await pipewright(['show', first, '--project', dir, '--output', 'csv']);
    expect(csv.stdout).toBe(firstBytes.csv.toString('utf8'));
    const pickle = await pipewright(['show', first, '--project', dir, '--output', 'pickle']);
    expect(pickle.code, pickle.stderr).toBe(0);
    expect(JSON.parse(pickle.stdout)).toMatchObject({ kind: 'linear', coef: [2, 2.5] });
    const image = await pipewright(['show', first, '--project', dir, '--output', 'image']);
    expect(image.stdout).toBe(
      `Output 'image' is an image (image/png, ${firstBytes.image.length} bytes): restore the whole file with --to FILE.\n`,
    );
  });

  it('--to FILE restores the exact bytes the run wrote', async () => {
    for (const name of ['csv', 'json', 'pickle', 'parquet', 'excel', 'feather', 'image']) {
      const target = join(dataDir, `restored-${name}`);
      const r = await pipewright(['show', first, '--project', dir, '--output', name, '--to', target]);
      expect(r.code, r.stderr).toBe(0);
      expect(sha(readFileSync(target)), name).toBe(sha(firstBytes[name]));
    }
  });
});
