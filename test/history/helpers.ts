import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  HISTORY_FILE,
  MIGRATIONS,
  openHistory,
  type History,
  type HistoryOptions,
  type RunMeta,
} from '../../src-main/history';
import type { RunOptions } from '../../src-shared/contract';
import type { RunStartEvent } from '../../src-shared/run-events';

export const REPO = resolve(__dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'pipewright');
/** raw → clean → cleaned (memory) → summarise → summary (versioned JSON) → publish → report (text). */
export const CHAIN = join(REPO, 'test', 'fixtures', 'history-projects', 'chain');

const made: string[] = [];

export function tempDir(prefix = 'pw-history-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A fresh copy of the chain fixture, so runs write their data and history in a temporary folder. */
export function chainProject(): string {
  const dir = tempDir('pw-history-chain-');
  cpSync(CHAIN, dir, {
    recursive: true,
    filter: (src) => !src.includes('.pipewright') && !/data\/(summary|report)/.test(src),
  });
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A history in a temporary folder; errors are collected rather than printed. */
export function tempHistory(options: HistoryOptions = {}): { history: History; errors: Error[]; root: string } {
  const root = tempDir();
  const errors: Error[] = [];
  const history = openHistory(root, { onError: (err) => errors.push(err), ...options });
  return { history, errors, root };
}

/** `root`'s history file as schema `version` left it (its migrations up to that one), to test an upgrade from it. */
export function historyAtSchema(root: string, version: number): { file: string; db: Database.Database } {
  const file = join(root, HISTORY_FILE);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  for (const step of MIGRATIONS.filter((m) => m.version <= version)) db.exec(step.sql);
  db.pragma(`user_version = ${version}`);
  return { file, db };
}

/** A SequentialRunner run's `run-start` event on the default pipeline. */
export function runStart(runId: string, nodes: string[], at = 1): RunStartEvent {
  return {
    type: 'run-start',
    runId,
    at,
    pipeline: '__default__',
    runner: 'SequentialRunner',
    isAsync: false,
    maxWorkers: 1,
    nodes,
  };
}

/** A run's meta; run options among the overrides (`pipeline`, `params`...) go into its request. */
export function meta(runId: string, overrides: Partial<Omit<RunMeta, 'request'>> & Partial<RunOptions> = {}): RunMeta {
  const { projectRoot, env, parameters, commandLine, resumeOf, runId: _id, ...options } = overrides;
  return {
    runId,
    projectRoot: projectRoot ?? '/nowhere',
    request: { pipeline: '__default__', runner: 'SequentialRunner', ...options },
    env: env ?? 'local',
    parameters: parameters ?? {},
    commandLine,
    resumeOf,
  };
}

/** Starts ./bin/pipewright as a user would; resolves with its exit code and output. */
export function pipewright(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (res, rej) => {
      child.on('error', rej);
      child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
    },
  );
  return { child, done };
}

export { waitFor } from '../wait-for';
