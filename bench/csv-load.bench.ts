// CSVDataset (records) and pandas.CSVDataset (a table) loads against the per-cell cast they
// replaced and against pandas' read_csv: on generated files of the Kedro starter's shapes, on the
// spaceflights starter's own raw files, and on any CSV files named in BENCH_CSV_FILES (paths joined
// by ':', e.g. Kedro's starter data); and the time to a preview's first rows of a 200,000-row file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CSVDataset, TableCSVDataset } from '../src-main/datasets';
import { autoCast } from '../src-main/datasets/csv-cast';
import { countCsvRows, readCsvHead } from '../src-main/datasets/csv-head';
import { parseCsvColumns } from '../src-main/datasets/csv-parse-fast';
import { REPS, fmt, repeat, stat, writeResult, type Stat } from './lib/measure';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The starter's reviews.csv: 77,096 rows of scores, some blank, and a rate with two decimals. */
function reviews(): string {
  const r = random(1);
  const score = (lo: number, hi: number) => (r() < 0.05 ? '' : String(lo + Math.floor(r() * (hi - lo + 1))));
  const lines = [
    'shuttle_id,review_scores_rating,review_scores_comfort,review_scores_amenities,review_scores_trip,review_scores_crew,review_scores_location,review_scores_price,number_of_reviews,reviews_per_month',
  ];
  for (let i = 0; i < 77_096; i++) {
    const cells = [String(63_561 + i * 13), score(20, 100)];
    for (let k = 0; k < 6; k++) cells.push(score(2, 10));
    cells.push(String(Math.floor(r() * 300)), r() < 0.1 ? '' : (r() * 12).toFixed(2));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** companies.csv's shape: string ids, "100%" ratings, quoted places, t/f flags. */
function companies(): string {
  const r = random(2);
  const places = ['Niue', 'Anguilla', 'Barbados', '"Korea, Republic of"', 'Sao Tome and Principe', 'Iceland'];
  const lines = ['id,company_rating,company_location,total_fleet_count,iata_approved'];
  for (let i = 0; i < 77_096; i++) {
    const rating = r() < 0.1 ? '' : `${Math.floor(r() * 101)}%`;
    const place = r() < 0.1 ? '' : places[Math.floor(r() * places.length)];
    lines.push(
      [
        `c-${String(35_029 + i * 7).padStart(6, '0')}`,
        rating,
        place,
        String(1 + Math.floor(r() * 10)),
        r() < 0.5 ? 't' : 'f',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** 200,000 rows: ids, labels, decimals, true/false and dates. */
function large(): string {
  const r = random(3);
  const lines = ['id,label,value,flag,day'];
  for (let i = 0; i < 200_000; i++) {
    lines.push(
      [
        i,
        `row ${i}`,
        (r() * 1000).toFixed(3),
        r() < 0.5 ? 'true' : 'false',
        `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** How CSVDataset parsed before: csv-parse with a cast callback on every cell. */
function perCellCast(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  return parse(text, {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    cast: (v, c) => (c.header ? v : autoCast(v)),
  });
}

/** The spaceflights starter's raw CSV files (the starter is examples/spaceflights). */
const STARTER_FILES = ['companies.csv', 'reviews.csv'].map((f) =>
  join(__dirname, '..', 'examples', 'spaceflights', 'data', '01_raw', f),
);

const PANDAS = `
import json, sys, time
import pandas as pd
reps = int(sys.argv[1]); out = {}
for path in sys.argv[2:]:
    pd.read_csv(path)
    samples = []
    for _ in range(reps):
        t = time.perf_counter(); pd.read_csv(path); samples.append((time.perf_counter() - t) * 1000)
    out[path] = samples
print(json.dumps({"version": pd.__version__, "samples": out}))
`;

/** pandas' read_csv medians per file, when a python3 with pandas is on this machine. */
function pandasTimes(paths: string[]): { version: string; samples: Record<string, number[]> } | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', PANDAS, String(REPS), ...paths], { encoding: 'utf8' });
    if (r.status === 0) return JSON.parse(r.stdout) as { version: string; samples: Record<string, number[]> };
  }
  return undefined;
}

const timed = (fn: () => unknown) => async () => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-csv-bench-'));
  try {
    const files: Record<string, string> = { reviews: reviews(), companies: companies(), large: large() };
    const paths = Object.fromEntries(Object.keys(files).map((name) => [name, join(dir, `${name}.csv`)]));
    for (const [name, text] of Object.entries(files)) writeFileSync(paths[name], text);
    const all: Record<string, string> = { ...paths };
    for (const path of [...STARTER_FILES, ...(process.env.BENCH_CSV_FILES ?? '').split(':').filter(Boolean)]) {
      const name = `${basename(resolve(path, '..', '..', '..'))}/${basename(path)}`;
      all[name] = resolve(path);
      files[name] = readFileSync(path, 'utf8');
    }
    const figures: Record<string, unknown> = { pandasVersion: null };
    for (const name of Object.keys(all)) {
      const path = all[name];
      // pandas right before our loads of the same file, so that both see the same machine.
      const pandas = pandasTimes([path]);
      figures.pandasVersion ??= pandas?.version ?? null;
      const ds = new CSVDataset({ filepath: path });
      const load = await repeat(
        REPS,
        timed(() => ds.load()),
      );
      const table = new TableCSVDataset({ filepath: path });
      const tableLoad = await repeat(
        REPS,
        timed(() => table.load()),
      );
      const columns = await repeat(
        REPS,
        timed(() => parseCsvColumns(readFileSync(path, 'utf8'))),
      );
      // BENCH_CSV_CAST=0 skips the per-cell cast (the slow "before" figure) on a busy machine.
      const old =
        process.env.BENCH_CSV_CAST === '0'
          ? stat([NaN])
          : await repeat(
              Math.min(REPS, 3),
              timed(() => perCellCast(path)),
              0,
            );
      const pd: Stat | null = pandas ? stat(pandas.samples[path]!) : null;
      figures[name] = {
        rows: parseCsvColumns(files[name]).rowCount,
        bytes: Buffer.byteLength(files[name]),
        loadMs: load,
        tableLoadMs: tableLoad,
        tableOverPandas: pd ? tableLoad.median / pd.median : null,
        columnsMs: columns,
        perCellCastMs: old,
        pandasMs: pd,
        loadOverPandas: pd ? load.median / pd.median : null,
      };
      console.log(
        `  ${name.padEnd(10)} load ${fmt(load)}, table ${fmt(tableLoad)}, columns ${fmt(columns)}, per-cell cast ${fmt(old)}, pandas ${pd ? fmt(pd) : 'not installed'}`,
      );
    }
    // A preview of the 200,000-row file: its first 100 rows, the row count (the file's time is moved
    // each time so that the count is not remembered), and both as the preview service asks.
    const path = paths.large;
    let touch = 0;
    const fresh = () => utimesSync(path, new Date(), new Date(Date.now() - ++touch * 1000));
    figures.previewFirstRowsMs = await repeat(
      REPS,
      timed(() => readCsvHead(path, { rows: 100 })),
    );
    figures.previewRowCountMs = await repeat(REPS, async () => (fresh(), timed(() => countCsvRows(path))()));
    const ds = new CSVDataset({ filepath: path });
    figures.previewHeadMs = await repeat(REPS, async () => (fresh(), timed(() => ds.previewHead(100))()));
    for (const key of ['previewFirstRowsMs', 'previewRowCountMs', 'previewHeadMs'])
      console.log(`  ${key.padEnd(20)} ${fmt(figures[key] as Stat)}`);
    writeResult('csv-load', figures);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
