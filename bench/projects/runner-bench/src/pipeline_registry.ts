import { node, pipeline, type Pipeline } from 'pipewright';
import { busy, consume, fan8, identity, produce, sleepy } from './nodes';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function registerPipelines(): Record<string, Pipeline> {
  return {
    cpu_wide: pipeline(range(8).map((i) => node(busy, `n${i}`, `r${i}`, { name: `c${i}` }))),
    io_wide: pipeline(range(16).map((i) => node(sleepy, `in${i}`, `out${i}`, { name: `s${i}` }))),
    async_io: pipeline([
      node(
        fan8,
        range(8).map((i) => `a${i}`),
        range(8).map((i) => `b${i}`),
        { name: 'fan8' },
      ),
    ]),
    parallel_transfer: pipeline([
      node(produce, 'kind', ['big', 't_produced'], { name: 'produce' }),
      node(consume, 'big', ['nbytes', 't_consumed'], { name: 'consume' }),
    ]),
    parallel_startup: pipeline([node(identity, 'a', 'x', { name: 't1' }), node(identity, 'b', 'y', { name: 't2' })]),
    // The same two workloads fed by a parameter, for runs started as the CLI starts them (startRun).
    io_wide_params: pipeline(range(16).map((i) => node(sleepy, 'params:x', `p_out${i}`, { name: `p_s${i}` }))),
    parallel_startup_params: pipeline([
      node(identity, 'params:x', 'p_x', { name: 'p_t1' }),
      node(identity, 'params:x', 'p_y', { name: 'p_t2' }),
    ]),
  };
}
