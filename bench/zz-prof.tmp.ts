import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataCatalog, MemoryDataset, SequentialRunner, node, pipeline } from '../src-main/engine';
import { openHistory } from '../src-main/history';
import type { RunEvent } from '../src-shared/run-events';
export async function run() {
  const N = 1000;
  const p = pipeline(Array.from({ length: N }, (_, i) => node((x: unknown) => x, `d${i}`, `d${i + 1}`, { name: `n${i}` })));
  const events: RunEvent[] = [];
  await new SequentialRunner().run(p, new DataCatalog({ d0: new MemoryDataset({ data: 1 }) }), { runId: 'x', onEvent: (e) => events.push(e) });
  const dir = mkdtempSync(join(tmpdir(), 'prof-'));
  const h = openHistory(dir);
  const v = process.env.V;
  if (v === 'nockpt') (h as any).db.pragma('wal_autocheckpoint = 0');
  if (v === 'syncoff') (h as any).db.pragma('synchronous = OFF');
  if (v === 'cache') (h as any).db.pragma('cache_size = -65536');
  const ts: number[] = [];
  for (let k = 0; k < 25; k++) {
    const runId = `run-${k}`;
    const evs = events.map((e) => (e.type === 'run-start' ? { ...e, runId } : e));
    const t = performance.now();
    const rec = h.recorder({ runId, projectRoot: dir, pipeline: '__default__', runner: 'SequentialRunner', isAsync: false, maxWorkers: undefined, filters: {}, params: {}, env: 'local' });
    for (const e of evs) rec.onEvent(e);
    rec.close();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  console.log(v, 'replay: median', ts[12].toFixed(1), 'ms min', ts[0].toFixed(1), 'events', events.length);
  const db = new Database(h.file);
  console.log(db.prepare("select count(*) n from run_logs").get(), db.pragma('page_size'));
}
