// What a run is asked for, shared by the services that start runs and the history that plans
// their resumption (which must not import services).

/** Everything a user can ask of a run, from the CLI's flags or the app's run panel. */
export interface RunRequest {
  projectRoot: string;
  pipeline?: string;
  /** SequentialRunner, ThreadRunner, ParallelRunner or `src/runner.ts#MyRunner`. */
  runner?: string;
  isAsync?: boolean;
  maxWorkers?: number;
  nodes?: string[];
  fromNodes?: string[];
  toNodes?: string[];
  fromInputs?: string[];
  toOutputs?: string[];
  tags?: string[];
  namespace?: string;
  /** Runtime parameters, nested (`{ model: { alpha: 1 } }`). */
  params?: Record<string, unknown>;
  loadVersions?: Record<string, string>;
  env?: string;
  /** The command line that started the run, for the history. */
  commandLine?: string;
  /** The run this one resumes, for the history. */
  resumeOf?: string;
}
