// The app's side of fingerprints, through the services the app and `serve` dispatch to, on a real
// project and history: a past run's output from the store, drift, two runs' differences, stale
// nodes, and a run of only what changed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppHistory } from '../../src-main/app-history';
import { createServices, type AppServices } from '../../src-main/services/create-services';
import { ObjectStore, readStoreConfig } from '../../src-main/store';
import { removeDir } from '../cli/cli-helpers';
import { collectRun } from '../main/helpers';
import { storeProject } from './store-project';
import { serviceCaller } from '../service-call';

let dir: string;
let dataDir: string;
let services: AppServices;
const call = serviceCaller(() => services);

async function runToEnd(args: Record<string, unknown> = {}) {
  let runId: string | undefined;
  const done = collectRun(services.onEvent, () => runId, 60_000);
  runId = (await call('runs.start', args)).runId;
  const events = await done;
  const ran = events.flatMap((e) =>
    e.channel === 'run' && e.event.type === 'node-end' && e.event.status === 'done' ? [e.event.node] : [],
  );
  return { runId, ran };
}

beforeEach(async () => {
  dir = storeProject();
  dataDir = mkdtempSync(join(tmpdir(), 'pw-app-data-'));
  services = createServices({ dataDir, openHistory: openAppHistory });
  await call('project.open', { root: dir });
});
afterEach(() => {
  services.close();
  removeDir(dir);
  removeDir(dataDir);
});

describe('fingerprints in the app', () => {
  it('previews a past output as written, shows drift and differences, marks stale nodes, runs what changed', async () => {
    const first = await runToEnd();
    const second = await runToEnd({ params: { factor: 3 } });

    const old = await call('datasets.preview', { name: 'summary', runId: first.runId });
    // The first run's value, not today's file (the second run wrote { total: 30 }); a run id may hold "30".
    expect(old).toMatchObject({ source: 'run', runId: first.runId, value: { total: 20 } });
    const table = await call('datasets.preview', { name: 'table', runId: first.runId });
    expect(table).toMatchObject({ source: 'run', runId: first.runId });
    expect(JSON.stringify(table)).toContain('bob');
    const parts = await call('datasets.preview', { name: 'parts', runId: first.runId });
    expect(JSON.stringify(parts)).toContain('a.json');

    const drift = await call('outputs.drift', { name: 'table' });
    expect(drift.points.map((p) => p.runId)).toEqual([second.runId, first.runId]);
    expect(drift.points[0]).toMatchObject({ rows: 2, change: { content: true, rows: 0, added: [], removed: [] } });
    expect(drift.points[1].change).toBeNull();

    const diff = await call('runs.diff', { a: first.runId, b: second.runId });
    expect(diff.params).toEqual([{ key: 'factor', a: 2, b: 3 }]);
    expect(diff.request).toEqual([{ key: 'params.factor', a: undefined, b: 3 }]);
    expect(diff.code).toEqual([]);
    expect(diff.outputs.map((o) => o.dataset)).toEqual(['parts', 'summary', 'table']);

    const stale = await call('outputs.stale', {});
    const staleNodes = stale.nodes.filter((n) => n.reasons.length);
    expect(staleNodes.map((n) => n.node).sort()).toEqual(['scores', 'split', 'summarise']);
    // The app's project was loaded before the runs: code is still compared as a run sees it.
    for (const n of staleNodes) expect(n.reasons).toEqual(["parameter 'factor' changed"]);
    const changed = await runToEnd({ changed: true });
    expect(changed.ran.sort()).toEqual(['scores', 'split', 'summarise']);
    expect((await call('outputs.stale', {})).nodes.every((n) => !n.reasons.length)).toBe(true);
  });

  it("says plainly that an evicted output is gone, with its fingerprint, instead of showing today's file", async () => {
    const first = await runToEnd();
    await runToEnd({ params: { factor: 3 } });
    writeFileSync(join(dir, 'conf/base/pipewright.yml'), 'objects:\n  max_size: 0\n');
    new ObjectStore(dir, readStoreConfig(dir)).gc();
    const gone = await call('datasets.preview', { name: 'summary', runId: first.runId });
    expect(gone).toMatchObject({ kind: 'unsupported' });
    expect((gone as { reason: string }).reason).toMatch(
      /^Run \S+'s 'summary' is no longer kept \(evicted from the store of past outputs\), so it cannot be shown as that run wrote it \(fingerprint [0-9a-f]{16}, \d+ bytes\)\.$/,
    );
    // The explorer says the same, instead of paging today's table under the old run's name.
    await expect(call('datasets.table', { name: 'table', runId: first.runId })).rejects.toThrow(
      /^not-found: Run \S+'s 'table' is no longer kept \(evicted from the store of past outputs\)/,
    );
  });
});
