// A resume after the coordinator died (`pipewright run --resume RUN_ID`): the jobs of the run it
// resumes are still in the queue (finished ones are kept a week), by their deterministic ids. A
// group whose job completed there counts as done, its outputs in that run's scratch folder; one
// still queued or running is awaited rather than run twice; a failed or vanished one runs again.
import { jobId } from './dispatch-state';
import type { Group } from './grouping';
import type { CoordinatorQueue } from './job-queue';

export type Reconciled =
  | { kind: 'done'; group: Group; jobId: string; worker: string }
  | { kind: 'pending'; group: Group; jobId: string; state: string };

/** States of a job that will still run, or is running, on some worker. */
const PENDING = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

export async function reconcile(queue: CoordinatorQueue, resumeOf: string, groups: Group[]): Promise<Reconciled[]> {
  const found = new Map<string, Reconciled>();
  await Promise.all(
    groups.map(async (group) => {
      const id = jobId(resumeOf, group.name);
      const job = await queue.find(id);
      // Another grouping (a resume with other filters): not the same work, so it runs again.
      if (!job || job.nodes.join('\n') !== group.nodes.map((n) => n.name).join('\n')) return;
      if (job.state === 'completed')
        found.set(group.name, { kind: 'done', group, jobId: id, worker: job.result?.worker ?? 'unknown' });
      else if (PENDING.has(job.state)) found.set(group.name, { kind: 'pending', group, jobId: id, state: job.state });
    }),
  );
  // A group that runs again changes what its dependents read: they run again too.
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, r] of found) {
      if ([...r.group.after].some((dep) => !found.has(dep))) {
        found.delete(name);
        changed = true;
      }
    }
  }
  return [...found.values()];
}
