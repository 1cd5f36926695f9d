import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, backupFile, openHistory } from '../../src-main/history';
import { historyAtSchema, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const indexes = (db: Database.Database) =>
  (
    db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dataset_io' ORDER BY name`)
      .all() as Array<{ name: string }>
  ).map((r) => r.name);

describe('schema 4', () => {
  it('upgrades a schema 3 history: its loads and saves read back the same, without the index by dataset', () => {
    const root = tempDir();
    const { file, db } = historyAtSchema(root, 3);
    db.prepare(
      `INSERT INTO runs (id, project_root, pipeline, runner, started_at, ended_at, status, node_count, nodes_done) VALUES ('r1', ?, '__default__', 'SequentialRunner', 1000, 2000, 'success', 1, 1)`,
    ).run(root);
    db.prepare(
      `INSERT INTO run_nodes (run_id, name, seq, status, worker) VALUES ('r1', 'n0', 0, 'done', 'main')`,
    ).run();
    const io = db.prepare(
      `INSERT INTO dataset_io (run_id, node, dataset, kind, dataset_type, at, ms, size, version, path) VALUES ('r1', 'n0', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    io.run('raw', 'load', 'CSVDataset', 1100, 1.5, 10, null, 'data/raw.csv');
    io.run('out', 'save', 'JSONDataset', 1200, 2.5, 20, 'v1', 'data/out.json');
    db.prepare(
      `INSERT INTO run_logs (run_id, at, level, node, logger, message) VALUES ('r1', 1100, 'info', 'n0', 'pipewright.runner', 'Running node: n0')`,
    ).run();
    expect(indexes(db)).toContain('dataset_io_by_dataset');
    db.close();

    const history = openHistory(root);
    const run = history.getRun('r1')!;
    expect(run.io).toEqual([
      {
        node: 'n0',
        dataset: 'raw',
        kind: 'load',
        datasetType: 'CSVDataset',
        at: 1100,
        ms: 1.5,
        size: 10,
        version: null,
        path: 'data/raw.csv',
      },
      {
        node: 'n0',
        dataset: 'out',
        kind: 'save',
        datasetType: 'JSONDataset',
        at: 1200,
        ms: 2.5,
        size: 20,
        version: 'v1',
        path: 'data/out.json',
      },
    ]);
    expect(run.outputs).toEqual([
      { dataset: 'out', node: 'n0', datasetType: 'JSONDataset', version: 'v1', path: 'data/out.json', size: 20 },
    ]);
    expect(history.getRunLogs('r1').map((l) => l.message)).toEqual(['Running node: n0']);
    history.close();

    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(indexes(upgraded)).toEqual(['dataset_io_by_run']);
    upgraded.close();
    const backup = new Database(backupFile(file, 3), { readonly: true });
    expect(indexes(backup)).toContain('dataset_io_by_dataset');
    backup.close();
  });
});
