/**
 * What the recorder needs beyond the run's events. The history's own type, so that history does
 * not import from services; services' RunMeta is structurally the same and passes as is.
 */
export interface RunMeta {
  runId: string;
  projectRoot: string;
  pipeline: string;
  runner: string;
  isAsync: boolean;
  maxWorkers: number | undefined;
  filters: Record<string, unknown>;
  params: Record<string, unknown>;
  env: string;
  commandLine?: string;
  resumeOf?: string;
}

/**
 * Told once per run when the history cannot be written (and again if the recorder gives up); the
 * run goes on regardless. `retrying`: the records are kept and written when the file allows.
 */
export type HistoryErrorHandler = (error: Error, runId: string, retrying: boolean) => void;
