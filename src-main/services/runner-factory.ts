import { AbstractRunner } from '../engine/runner/abstract-runner';
import { ParallelRunner } from '../engine/runner/parallel-runner';
import { SequentialRunner } from '../engine/runner/sequential-runner';
import { ThreadRunner } from '../engine/runner/thread-runner';
import { DistributedRunner } from '../distributed/distributed-runner';
import type { PoolRunnerOptions } from '../engine/runner/pool-runner';
import { closeMatches } from '../engine/errors';
import type { Project } from '../project/types';
import { UsageError } from './usage-error';

/**
 * The options every runner is built with: `{ isAsync, maxWorkers }` as PRODUCT.md fixes them, plus
 * what the host adds for pool runners (a warm `pool`, `prestart`, the project to `preload`).
 */
export type RunnerBuildOptions = PoolRunnerOptions;

/** What a host adds to the runner options of a run: the warm pool the runner runs on. */
export type HostRunnerOptions = Pick<PoolRunnerOptions, 'pool'>;

export type RunnerClass = new (options: RunnerBuildOptions) => AbstractRunner;

/** The runners every project has; the project's own are named `src/file.ts#Export`. */
export const BUILT_IN_RUNNERS: Record<string, RunnerClass> = {
  SequentialRunner,
  ThreadRunner,
  ParallelRunner,
  DistributedRunner,
};

/**
 * The built-in runner a user named (or the host's class for that name), undefined for a project
 * runner. Pool runners start their workers at once (see PoolRunner.prestart).
 */
export function builtInRunner(
  name: string,
  options: RunnerBuildOptions,
  hostRunners: Record<string, RunnerClass> = {},
): AbstractRunner | undefined {
  const builtIn = hostRunners[name] ?? BUILT_IN_RUNNERS[name];
  return builtIn ? new builtIn({ prestart: true, ...options }) : undefined;
}

/**
 * Builds the runner a user named, with one options object `{ isAsync, maxWorkers }` (plus
 * host extras such as a warm pool), as PRODUCT.md fixes it.
 */
export async function createRunner(
  project: Project,
  name: string,
  options: RunnerBuildOptions,
  hostRunners: Record<string, RunnerClass> = {},
): Promise<AbstractRunner> {
  const builtIn = builtInRunner(name, options, hostRunners);
  if (builtIn) return builtIn;
  if (!name.includes('#')) {
    const hint = closeMatches(name, Object.keys(BUILT_IN_RUNNERS));
    throw new UsageError(
      `Unknown runner '${name}'. Use one of ${Object.keys(BUILT_IN_RUNNERS).join(', ')}, or a project runner as 'src/runner.ts#MyRunner'.${
        hint.length ? ` Did you mean ${hint.join(' or ')}?` : ''
      }`,
    );
  }
  const exported = await project.importExport(name);
  if (typeof exported !== 'function' || !(exported.prototype instanceof AbstractRunner)) {
    throw new UsageError(
      `'${name}' is not a runner: a custom runner is a class that extends AbstractRunner from 'pipewright'.`,
    );
  }
  return new (exported as RunnerClass)(options);
}
