import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQLQueryDataset, TableSQLDataset } from '../../src-main/datasets';
import { SequentialRunner } from '../../src-main/engine';
import { loadProject } from '../../src-main/project';
import { isTable, type Table } from '../../src-main/table';
import { writeProject } from '../project/project-helpers';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

const CATALOG = `
cars_csv: { type: pandas.CSVDataset, filepath: data/cars.csv }
cars_records: { type: pandas.CSVDataSet, filepath: data/cars.csv, load_args: { as: records } }
cars_xlsx: { type: pandas.ExcelDataset, filepath: out/cars.xlsx, save_args: { sheet_name: cars }, load_args: { sheet_name: cars } }
cars_parquet: { type: kedro_datasets.pandas.ParquetDataset, filepath: out/cars.parquet, versioned: true }
cars_feather: { type: pandas.FeatherDataSet, filepath: out/cars.feather }
cars_json: { type: pandas.JSONDataset, filepath: out/cars.json }
cars_sql: { type: pandas.SQLTableDataset, table_name: cars, credentials: { con: "sqlite:///out/cars.db" } }
fast_cars:
  type: pandas.SQLQueryDataset
  sql: "SELECT name, hp FROM cars WHERE hp > ? ORDER BY hp DESC"
  credentials: { con: "sqlite:///out/cars.db" }
  load_args: { params: [100] }
`;

const REGISTRY = `
import { node, pipeline, isTable } from 'pipewright';
const same = (t) => t;
const check = (...tables) => tables.map((t) => ({ isTable: isTable(t), rows: isTable(t) ? t.objects() : t }));
export function registerPipelines() {
  return {
    __default__: pipeline([
      node(same, 'cars_csv', 'cars_xlsx', { name: 'to_xlsx' }),
      node(same, 'cars_xlsx', 'cars_parquet', { name: 'to_parquet' }),
      node(same, 'cars_parquet', 'cars_feather', { name: 'to_feather' }),
      node(same, 'cars_feather', 'cars_json', { name: 'to_json' }),
      node(same, 'cars_json', 'cars_sql', { name: 'to_sql' }),
      node(check, ['cars_sql', 'fast_cars', 'cars_records'], 'seen', { name: 'check' }),
    ]),
  };
}
`;

describe("Kedro's pandas type names in a real catalog.yml", () => {
  it('a table travels CSV → Excel → Parquet → Feather → JSON → SQLite and is queried back', async () => {
    const dir = writeProject({
      'conf/base/catalog.yml': CATALOG,
      'src/pipeline_registry.js': REGISTRY,
      'data/cars.csv': 'name,hp,electric\nzoe,108,true\nmini,75,false\ntesla,283,true\n',
    });
    const project = await loadProject(dir);
    expect(project.catalogError).toBeUndefined();
    const result = await new SequentialRunner().run(project.pipelines.__default__, project.createCatalog());
    const cars = [
      { name: 'zoe', hp: 108, electric: true },
      { name: 'mini', hp: 75, electric: false },
      { name: 'tesla', hp: 283, electric: true },
    ];
    expect(result.seen).toEqual([
      { isTable: true, rows: cars.map((c) => ({ ...c, electric: c.electric ? 1 : 0 })) },
      {
        isTable: true,
        rows: [
          { name: 'tesla', hp: 283 },
          { name: 'zoe', hp: 108 },
        ],
      },
      { isTable: false, rows: cars },
    ]);
  });
});

describe('pandas.SQLTableDataset and pandas.SQLQueryDataset', () => {
  it('load tables from SQLite (records with as: records); the query from a .sql file; saving a query is refused', async () => {
    const root = tempDir();
    const table = new TableSQLDataset({ table_name: 't', filepath: 'db.sqlite', root });
    await table.save([
      { a: 1, b: 'x' },
      { a: null, b: 'y' },
    ]);
    const loaded = (await table.load()) as Table;
    expect(isTable(loaded)).toBe(true);
    expect(loaded.objects()).toEqual([
      { a: 1, b: 'x' },
      { a: null, b: 'y' },
    ]);
    writeFileSync(join(root, 'q.sql'), 'SELECT b FROM t WHERE a IS NULL');
    const query = new SQLQueryDataset({ filepath: 'q.sql', database: 'db.sqlite', root, load_args: { as: 'records' } });
    expect(query.load()).toEqual([{ b: 'y' }]);
    expect(() => query.save()).toThrow(/is read-only/);
    const bad = new SQLQueryDataset({ sql: 'SELECT nope FROM t', database: 'db.sqlite', root });
    expect(() => bad.load()).toThrow(
      /^Failed to run the query of SQLQueryDataset\(sql=SELECT nope FROM t, database=db\.sqlite\): no such column: nope/,
    );
    expect(() => new SQLQueryDataset({ sql: 'SELECT 1', root })).toThrow(
      "SQLQueryDataset needs the SQLite file: 'credentials: { con: sqlite:///data/db.sqlite }' or 'database: data/db.sqlite'.",
    );
    expect(() => new SQLQueryDataset({ sql: 'SELECT 1', filepath: 'q.sql', database: 'db.sqlite', root })).toThrow(
      /exactly one of 'sql'/,
    );
  });
});
