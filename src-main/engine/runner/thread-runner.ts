import type { WorkerKind } from '../pool/types';
import { PoolRunner } from './pool-runner';

/**
 * Runs nodes concurrently on worker threads. Each thread loads the project once; values cross by
 * structured clone, large ArrayBuffers by transfer. Unlike Kedro's, it supports `isAsync`.
 */
export class ThreadRunner extends PoolRunner {
  protected get kind(): WorkerKind {
    return 'thread';
  }
}
