import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../../src-shared/run-events';
import type { AbstractRunner, DataCatalog, Pipeline, RunOptions } from '../../src-main/engine';
import type { Project } from '../../src-main/project/types';
import { loadProject } from '../../src-main/project/load-project';
import { useNodeWorkers } from '../../src-main/workers/node-launcher';

useNodeWorkers();

export const BASIC = resolve(__dirname, '../fixtures/runner-projects/basic');

export function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pw-runner-'));
  process.env.PW_FIXTURE_DATA = dir;
  return dir;
}

let cached: Promise<Project> | undefined;
export function basicProject(): Promise<Project> {
  cached ??= loadProject(BASIC);
  return cached;
}

export interface Ran {
  result?: Record<string, unknown>;
  error?: unknown;
  events: RunEvent[];
  logs: string[];
  catalog: DataCatalog;
}

/** Runs a registered pipeline of the fixture project with extra catalog values. */
export async function runBasic(
  runner: AbstractRunner,
  name: string,
  feed: Record<string, unknown> = {},
  options: RunOptions & { pipeline?: Pipeline; catalog?: DataCatalog } = {},
): Promise<Ran> {
  const project = await basicProject();
  const catalog = options.catalog ?? project.createCatalog();
  for (const [k, v] of Object.entries(feed)) catalog.addFeedDict({ [k]: v }, true);
  const events: RunEvent[] = [];
  const pipeline = options.pipeline ?? project.pipelines[name];
  const out: Ran = { events, logs: [], catalog };
  try {
    out.result = await runner.run(pipeline, catalog, {
      pipelineName: name,
      project: project.ref(),
      ...options,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'log') out.logs.push(e.message);
        options.onEvent?.(e);
      },
    });
  } catch (error) {
    out.error = error;
  }
  return out;
}

export function nodeEnds(events: RunEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) {
    if (e.type === 'node-end') out[e.node] = e.status;
    if (e.type === 'node-skip') out[e.node] = 'skipped';
  }
  return out;
}

export interface Interval {
  start: number;
  end: number;
}
export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Who imported the basic fixture's pipeline registry (it logs to PW_FIXTURE_DATA/registry-loads.log), and when. */
export function registryLoads(dir: string): { pid: number; threadId: number; at: number }[] {
  const log = join(dir, 'registry-loads.log');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number))
    .map(([pid, threadId, at]) => ({ pid, threadId, at }));
}
