import type { CliIO } from './cli-io';

/**
 * With `--json`, stdout carries only the JSON document: anything else this process prints there
 * while the run goes (a project module's console.log as it loads, a hook's) goes to stderr.
 * Returns the function that puts stdout back.
 */
export function divertStdout(io: CliIO): () => void {
  const stdout = process.stdout;
  if (io.stdout !== stdout) return () => undefined;
  const write = stdout.write;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof stdout.write;
  return () => {
    stdout.write = write;
  };
}
