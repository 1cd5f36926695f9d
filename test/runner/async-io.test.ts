import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SequentialRunner } from '../../src-main/engine';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { ThreadRunner } from '../../src-main/engine/runner/thread-runner';
import { dataDir, overlaps, runBasic } from './helpers';

interface IoLine {
  kind: 'load' | 'save';
  start: number;
  end: number;
  pid: number;
  isMainThread: boolean;
}

function prepare(): string {
  const dir = dataDir();
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (let i = 0; i < 4; i++) writeFileSync(join(dir, 'data', `slow_in_${i}.json`), JSON.stringify(i));
  return dir;
}

const lines = (dir: string): IoLine[] =>
  readFileSync(join(dir, 'data', 'io.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const allOverlap = (xs: IoLine[]) => xs.every((a, i) => xs.every((b, j) => i === j || overlaps(a, b)));
const noneOverlap = (xs: IoLine[]) => xs.every((a, i) => xs.every((b, j) => i === j || !overlaps(a, b)));

const make = {
  SequentialRunner: (isAsync: boolean) => new SequentialRunner({ isAsync }),
  ThreadRunner: (isAsync: boolean) => new ThreadRunner({ isAsync, maxWorkers: 2 }),
  ParallelRunner: (isAsync: boolean) => new ParallelRunner({ isAsync, maxWorkers: 2 }),
};

describe.each(Object.keys(make) as Array<keyof typeof make>)('%s async load and save', (name) => {
  it('with isAsync the 4 inputs load at once and the 4 outputs save at once, in the worker', async () => {
    const dir = prepare();
    const ran = await runBasic(make[name](true), 'slow_io');
    expect(ran.error).toBeUndefined();
    expect(ran.logs).toContain('Asynchronous mode is enabled for loading and saving data');
    const io = lines(dir);
    const loads = io.filter((l) => l.kind === 'load');
    const saves = io.filter((l) => l.kind === 'save');
    expect(loads).toHaveLength(4);
    expect(saves).toHaveLength(4);
    expect(allOverlap(loads)).toBe(true);
    expect(allOverlap(saves)).toBe(true);
    if (name === 'ThreadRunner') expect(io.every((l) => !l.isMainThread && l.pid === process.pid)).toBe(true);
    if (name === 'ParallelRunner') expect(io.every((l) => l.pid !== process.pid)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'data', 'slow_out_3.json'), 'utf8'))).toBe(4);
    const loadEvents = ran.events.filter((e) => e.type === 'dataset-load');
    expect(loadEvents.map((e) => e.type === 'dataset-load' && e.dataset).sort()).toEqual([
      'slow_in_0',
      'slow_in_1',
      'slow_in_2',
      'slow_in_3',
    ]);
    expect(
      loadEvents.every(
        (e) => e.type === 'dataset-load' && e.node === 'slow_io' && e.ms >= 250 && e.path?.endsWith('.json'),
      ),
    ).toBe(true);
  });

  it('without isAsync they load and save one after another', async () => {
    const dir = prepare();
    const ran = await runBasic(make[name](false), 'slow_io');
    expect(ran.error).toBeUndefined();
    const io = lines(dir);
    expect(noneOverlap(io.filter((l) => l.kind === 'load'))).toBe(true);
    expect(noneOverlap(io.filter((l) => l.kind === 'save'))).toBe(true);
  });
});
