// What a run is asked for, derived from the contract's schema: shared by the services that start
// runs, the CLI, and the history that records them and plans their resumption.
import type { JsonValue } from './api-types';
import type { RunOptions } from './contract';

/** Everything a user can ask of a run (the schema's options), and where and how it was asked. */
export type RunRequest = RunOptions & {
  projectRoot: string;
  /** conf/<env> over conf/base; `local` when absent. */
  env?: string;
  /** The command line that started the run, for the history. */
  commandLine?: string;
  /** The run this one resumes, for the history. */
  resumeOf?: string;
};

/** What the history records of a run beyond its events: the request as it ran. */
export interface RunMeta {
  runId: string;
  projectRoot: string;
  /** The request, with the pipeline, runner and env as resolved (defaults filled in). */
  request: RunOptions & { pipeline: string; runner: string };
  env: string;
  /** The parameters the nodes saw: conf/base, then conf/<env>, then `--params`, merged. */
  parameters: Record<string, JsonValue>;
  commandLine?: string;
  resumeOf?: string;
}

/**
 * Told once per run when the history cannot be written (and again if the recorder gives up); the
 * run goes on regardless. `retrying`: the records are kept and written when the file allows.
 */
export type HistoryErrorHandler = (error: Error, runId: string, retrying: boolean) => void;
