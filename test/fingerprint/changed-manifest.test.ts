// A --changed run answered from the stat manifest (the project not loaded) only when nothing it
// depends on can have changed: each input of the shortcut, changed alone, makes the run plan from
// the project again, and the nodes it runs are exactly those a plan picks. Runs go through
// startRun with a real history on real files.
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src-shared/run-events';
import { checkManifest, takeSnapshot, writeManifest } from '../../src-main/fingerprint/stat-manifest';
import { openHistory, type History } from '../../src-main/history';
import { startRun, type RunRequest } from '../../src-main/services/run-request';
import { removeDir, writeProject } from '../cli/cli-helpers';
import { changedProject } from './changed-project';

const SHORTCUT = 'the project was not loaded';
let dir: string;
let history: History;

async function run(extra: Partial<RunRequest> = {}) {
  const log: string[] = [];
  const outcome = await startRun(
    { projectRoot: dir, changed: true, ...extra },
    {
      record: (meta) => history.recorder(meta),
      fingerprints: history.fingerprints,
      onEvent: (e: RunEvent) => void (e.type === 'log' && log.push(e.message)),
    },
  );
  expect(outcome.status, outcome.error?.message).toBe('success');
  const ran = outcome.nodes.filter((n) => n.status === 'done').map((n) => n.name);
  return { ran, log: log.join('\n'), shortcut: log.some((l) => l.includes(SHORTCUT)), outcome };
}

/** Two --changed runs with nothing changed: the first may plan, the second is answered from the manifest. */
async function settle() {
  await new Promise((r) => setTimeout(r, 60)); // past the racy margin of the last change (see file-hash-cache.ts)
  expect((await run()).ran).toEqual([]);
  const r = await run();
  expect(r.ran).toEqual([]);
  expect(r.shortcut).toBe(true);
}

beforeAll(async () => {
  dir = changedProject();
  writeFileSync(join(dir, 'conf/base/credentials.yml'), 'service:\n  token: ${oc.env:PW_CHANGED_TOKEN, none}\n');
  history = openHistory(dir);
  expect((await run({ changed: false })).ran.sort()).toEqual(['clean', 'report', 'scale', 'side', 'total']);
});
afterAll(() => {
  history.close();
  removeDir(dir);
});

describe('run --changed from the stat manifest', () => {
  it('a plan that ran nothing is reused, with the log of every node and the run recorded', async () => {
    await new Promise((r) => setTimeout(r, 60)); // a plan within the racy margin of the run's writes is not reused
    const planned = await run();
    expect(planned.ran).toEqual([]);
    expect(planned.shortcut).toBe(false);
    const r = await run({ runner: 'ThreadRunner' });
    expect(r.shortcut).toBe(true);
    expect(r.ran).toEqual([]);
    for (const node of ['clean', 'scale', 'total', 'report', 'side'])
      expect(r.log).toMatch(new RegExp(`Skipping node '${node}': unchanged since run \\S+`));
    expect(r.log).toContain('All 5 nodes are unchanged');
    const recorded = history.fingerprints.lastSuccess(['side']);
    expect(recorded.get('side')).toBeDefined();
    expect(r.outcome.runner).toBe('ThreadRunner');
  });

  it('a file touched without being changed: planned again, nothing runs, and the next run is answered again', async () => {
    await settle();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'data/raw.json'), later, later);
    const r = await run();
    expect(r.shortcut).toBe(false);
    expect(r.ran).toEqual([]);
    // The touched file is now recent: the next plan is trusted once its time is in the past.
    utimesSync(join(dir, 'data/raw.json'), new Date(Date.now() - 5_000), new Date(Date.now() - 5_000));
    await settle();
  });

  it('a conf file edited: a parameter changed runs its nodes; a comment added runs nothing', async () => {
    await settle();
    const params = join(dir, 'conf/base/parameters.yml');
    writeFileSync(params, 'factor: 3\noffset: 12\n');
    const changed = await run();
    expect(changed.shortcut).toBe(false);
    expect(changed.ran).toEqual(['side']);
    await settle();
    writeFileSync(params, '# the same parameters\nfactor: 3\noffset: 12\n');
    const comment = await run();
    expect(comment.shortcut).toBe(false);
    expect(comment.ran).toEqual([]);
  });

  it('--params and --env are part of the request: a new one plans, whatever the manifest says', async () => {
    await settle();
    const same = await run({ params: { offset: 12 } });
    expect(same.shortcut).toBe(false);
    expect(same.ran).toEqual([]);
    const other = await run({ params: { offset: 13 } });
    expect(other.ran).toEqual(['side']);
    expect((await run()).ran).toEqual(['side']); // the file holds the run with offset 13
    await settle();
    expect((await run({ env: 'local' })).shortcut).toBe(true); // the default, named
  });

  it('an environment variable the configuration reads: a new value plans again', async () => {
    await settle();
    process.env.PW_CHANGED_TOKEN = 'secret';
    try {
      const r = await run();
      expect(r.shortcut).toBe(false);
      expect(r.ran).toEqual([]);
      expect((await run()).shortcut).toBe(true);
    } finally {
      delete process.env.PW_CHANGED_TOKEN;
    }
    expect((await run()).shortcut).toBe(false);
  });

  it('a source file edited, then an output edited by hand: exactly the nodes a plan picks', async () => {
    await settle();
    const file = join(dir, 'src/side.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('x + offset', 'offset + x'));
    expect((await run()).ran).toEqual(['side']);
    await settle();
    writeFileSync(join(dir, 'data/report.txt'), 'edited by hand\n');
    expect((await run()).ran).toEqual(['report']);
    await settle();
  });
});

describe('the manifest and racy stats', () => {
  it('a snapshot taken within the timestamp granularity of a change is not trusted, whatever the stats say', async () => {
    const root = writeProject({ 'conf/base/parameters.yml': 'a: 1\n', 'src/x.ts': 'export const x = 1;\n' });
    const project = openHistory(root);
    try {
      const request = { projectRoot: root, changed: true };
      writeFileSync(join(root, 'src/x.ts'), 'export const x = 2;\n'); // changed just before the snapshot
      const racy = takeSnapshot(root);
      const draft = { request, snapshot: racy, pipelineName: '__default__', env: 'local', parameters: {} };
      writeManifest(root, draft, []);
      expect(checkManifest(root, request, project.fingerprints).manifest).toBeUndefined();
      const past = new Date(Date.now() - 10_000);
      utimesSync(join(root, 'src/x.ts'), past, past);
      await new Promise((r) => setTimeout(r, 100)); // the ctime utimes set is now past the margin
      writeManifest(root, { ...draft, snapshot: takeSnapshot(root) }, []);
      expect(checkManifest(root, request, project.fingerprints).manifest).toBeDefined();
    } finally {
      project.close();
      removeDir(root);
    }
  });
});

describe('datasets whose data cannot be stat-ed', () => {
  it("a dataset of the project's own type: every --changed run plans from the project, and says why", async () => {
    const root = writeProject({
      'conf/base/catalog.yml': "out: { type: 'src/my_dataset.ts#MyDataset' }\n",
      'src/my_dataset.ts': `import { AbstractDataset } from 'pipewright';
let value: unknown;
export class MyDataset extends AbstractDataset {
  load() { return value; }
  save(data: unknown) { value = data; }
}
`,
      'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
export function registerPipelines() {
  return { __default__: pipeline([node(() => 1, [], 'out', { name: 'make' })]) };
}
`,
    });
    const own = openHistory(root);
    try {
      const go = (changed: boolean) =>
        startRun({ projectRoot: root, changed }, { record: (m) => own.recorder(m), fingerprints: own.fingerprints });
      expect((await go(false)).status).toBe('success');
      for (let i = 0; i < 2; i++) {
        const log: string[] = [];
        await startRun(
          { projectRoot: root, changed: true },
          {
            fingerprints: own.fingerprints,
            onEvent: (e) => void (e.type === 'log' && log.push(e.message)),
          },
        );
        expect(log.join('\n')).not.toContain(SHORTCUT);
        expect(log.join('\n')).toContain(
          "Each --changed run loads the project to plan: dataset 'out' is of the project's own type MyDataset",
        );
      }
    } finally {
      own.close();
      removeDir(root);
    }
  });
});
