import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppEvent } from '../../src-shared/api-types';

export const FIXTURE = resolve(__dirname, 'fixtures/app-project');
export const VARIANCE = resolve(__dirname, '../../examples/variance');

/** A temp copy of a project and a temp data folder, removed by `cleanup`. */
export function tempProject(source = FIXTURE): { root: string; dataDir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pw-app-'));
  const root = join(dir, 'project');
  cpSync(source, root, { recursive: true });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  return { root, dataDir: join(dir, 'data'), cleanup };
}

/** Resolves with the events of one run, up to and including its run-end. */
export function collectRun(
  subscribe: (l: (e: AppEvent) => void) => () => void,
  runId: () => string | undefined,
  timeoutMs = 20_000,
) {
  const events: AppEvent[] = [];
  return new Promise<AppEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`run did not end in ${timeoutMs} ms`)), timeoutMs);
    const off = subscribe((e) => {
      if (e.channel !== 'run') return;
      events.push(e);
      if (e.event.type === 'run-end' && e.runId === runId()) {
        clearTimeout(timer);
        off();
        resolve(events.filter((x) => x.channel === 'run' && x.runId === runId()));
      }
    });
  });
}
