import type { Hooks } from 'pipewright';

/**
 * Project hooks, called by every run of this project (the command line and the app), as Kedro's
 * settings.py HOOKS. A hook object has any of: beforePipelineRun, afterPipelineRun,
 * onPipelineError, beforeNodeRun, afterNodeRun, onNodeError, beforeDatasetLoaded,
 * afterDatasetLoaded, beforeDatasetSaved, afterDatasetSaved. For example:
 *
 *   class TimingHooks implements Hooks {
 *     afterNodeRun({ node }: { node: { name: string } }) { console.error(`done: ${node.name}`); }
 *   }
 *   export const HOOKS: Hooks[] = [new TimingHooks()];
 */
export const HOOKS: Hooks[] = [];
