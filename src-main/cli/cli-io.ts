/** The streams a command writes to; tests pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});

export const EXIT = {
  ok: 0,
  /** A node or the pipeline failed. */
  runFailed: 1,
  /** Bad usage or a bad project. */
  usage: 2,
  /** Cancelled with Ctrl+C. */
  cancelled: 130,
} as const;
