import { afterEach, describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatRunDetail,
  formatRunsTable,
  formatTime,
} from '../../src-main/cli/commands/history-format';
import type { HistoryRunDetail, HistoryRunSummary } from '../../src-shared/history-types';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const AT = Date.UTC(2026, 0, 15, 13, 5, 9); // 2026-01-15 13:05:09 UTC

const summary = (over: Partial<HistoryRunSummary> = {}): HistoryRunSummary => ({
  runId: '2026-01-15T13.05.09.000Z',
  projectRoot: '/p',
  pipeline: '__default__',
  runner: 'ThreadRunner',
  isAsync: true,
  maxWorkers: 4,
  status: 'failed',
  startedAt: AT,
  endedAt: AT + 61_500,
  nodeCount: 3,
  nodesDone: 1,
  nodesFailed: 1,
  failedNodes: ['b'],
  resumeOf: null,
  commandLine: 'pipewright run --runner ThreadRunner',
  env: 'local',
  gitCommit: '0123456789abcdef0123',
  ...over,
});

describe('history formatters', () => {
  it('times are local with their offset, or marked UTC', () => {
    process.env.TZ = 'UTC';
    expect(formatTime(AT)).toBe('2026-01-15 13:05:09 UTC');
    process.env.TZ = 'Europe/Paris';
    expect(formatTime(AT)).toBe('2026-01-15 14:05:09 +01:00');
    process.env.TZ = 'America/St_Johns';
    expect(formatTime(AT)).toBe('2026-01-15 09:35:09 -03:30');
  });

  it('durations', () => {
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(undefined)).toBe('-');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(61_500)).toBe('1 m 2 s');
  });

  it('the runs table: one row per run, the async flag, node counts with failures, running runs without a duration', () => {
    process.env.TZ = 'UTC';
    const text = formatRunsTable([
      summary(),
      summary({ runId: 'r2', status: 'running', endedAt: null, isAsync: false, nodesDone: 0, nodesFailed: 0 }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN ID\s+STATUS\s+PIPELINE\s+RUNNER\s+STARTED\s+DURATION\s+NODES$/);
    expect(lines[1]).toContain('ThreadRunner (async)');
    expect(lines[1]).toContain('2026-01-15 13:05:09 UTC');
    expect(lines[1]).toContain('1 m 2 s');
    expect(lines[1]).toMatch(/1\/3 \(1 failed\)$/);
    expect(lines[2]).toMatch(/r2\s+running .* -\s+0\/3$/);
    expect(formatRunsTable([])).toBe('No runs recorded yet. Start one with `pipewright run`.\n');
  });

  it('a run in detail: its nodes, the error with the stack, outputs, the resume command and the last logs', () => {
    process.env.TZ = 'Europe/Paris';
    const run: HistoryRunDetail = {
      ...summary(),
      env: 'local',
      request: {
        pipeline: 'ds',
        runner: 'ThreadRunner',
        isAsync: true,
        fromNodes: ['a'],
        params: { alpha: 1 },
        onlyMissingOutputs: true,
      },
      parameters: { alpha: 1, beta: { gamma: 2 } },
      nodes: [
        {
          name: 'a',
          status: 'done',
          worker: 'thread-1',
          startedAt: AT,
          endedAt: AT + 10,
          loadMs: 1,
          computeMs: 2,
          saveMs: 3,
        },
        {
          name: 'b',
          status: 'failed',
          worker: 'thread-2',
          error: { name: 'Error', message: 'b broke', stack: 'Error: b broke\n    at b (nodes.ts:3:9)' },
        },
        { name: 'c', status: 'skipped' },
      ],
      logs: Array.from({ length: 20 }, (_, i) => ({
        id: i + 1,
        at: AT + i * 1000,
        level: 'info' as const,
        message: `line ${i}\nsecond line`,
      })),
      outputs: [
        {
          dataset: 'summary',
          datasetType: 'JSONDataset',
          path: '/p/data/summary.json/v1/summary.json',
          version: 'v1',
          size: 10,
        },
      ],
      error: { name: 'Error', message: 'b broke' },
      resumeFrom: ['a'],
      io: [],
    };
    const text = formatRunDetail(run, 'pipewright run --project /p --resume x');
    expect(text).toContain('Run 2026-01-15T13.05.09.000Z: failed');
    expect(text).toContain('runner     ThreadRunner (async), max workers 4');
    expect(text).toContain('started    2026-01-15 14:05:09 +01:00, took 1 m 2 s');
    expect(text).toContain('env        local, git 0123456789ab');
    expect(text).toContain('options    {"fromNodes":["a"],"onlyMissingOutputs":true}');
    expect(text).toContain('--params   {"alpha":1}');
    expect(text).toContain('parameters {"alpha":1,"beta":{"gamma":2}}');
    expect(text).toMatch(/a\s+done\s+thread-1\s+1 ms\s+2 ms\s+3 ms/);
    expect(text).toContain("Node 'b' failed: b broke\n    Error: b broke\n        at b (nodes.ts:3:9)");
    expect(text).not.toContain('\nError: b broke\n'); // the run's error is the node's: shown once
    expect(text).toContain('summary (JSONDataset) /p/data/summary.json/v1/summary.json version v1');
    expect(text).toContain('Resume with:\n  pipewright run --project /p --resume x');
    expect(text).toContain('Last 15 of 20 log lines:');
    expect(text).toContain('  14:05:28 INFO    line 19\n');
    expect(text).not.toContain('line 4\n');
    expect(text).not.toContain('second line');
  });
});
