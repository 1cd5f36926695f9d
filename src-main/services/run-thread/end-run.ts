import type { ErrorInfo, RunEvent, RunStatus } from '../../../src-shared/run-events';
import { applyRunEvent, type RunState } from '../../../src-shared/run-state';
import type { RunOutcome } from '../run-request';

export type Ending = Extract<RunStatus, 'failed' | 'cancelled'>;

export const endedProcessMessage = (node: string) => `node ${node} ended the process`;
export const neverFinishedMessage = (node: string) => `node ${node} never finished: its promise can no longer settle`;

/**
 * Ends a run that cannot end itself (its process or thread is gone): the running nodes end with
 * `status` and `nodeError`, the run too, each event folded into `state` and passed to `emit`.
 */
export function endRunState(
  state: RunState,
  status: Ending,
  runError: ErrorInfo,
  nodeError: (node: string) => ErrorInfo,
  emit: (event: RunEvent) => void,
): RunOutcome {
  const send = (event: RunEvent) => {
    applyRunEvent(state, event);
    emit(event);
  };
  const running = state.nodes.filter((n) => n.status === 'running');
  for (const n of running) {
    const error = nodeError(n.name);
    const at = Date.now();
    send({
      type: 'node-end',
      at,
      node: n.name,
      worker: n.worker ?? 'main',
      status,
      timings: { loadMs: 0, computeMs: at - (n.startedAt ?? at), saveMs: 0 },
      error,
    });
    if (status === 'failed')
      send({
        type: 'log',
        at,
        level: 'error',
        node: n.name,
        logger: 'pipewright.pipeline.node',
        message: `Node ${n.name} failed with error: \n${error.message}`,
      });
  }
  const error = running.length ? nodeError(running[0].name) : runError;
  send({ type: 'run-end', at: Date.now(), status, error, freeOutputs: [], resumeFrom: [] });
  return { ...state, status, endedAt: state.endedAt ?? Date.now(), freeOutputs: [], freeOutputValues: {} };
}
