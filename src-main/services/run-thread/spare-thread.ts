// A run's thread started ahead of its run: the worker module is loaded, and the open project with
// the history's fingerprints (warm-project.ts), while the app waits for the Run button, so a click
// starts the run at once. The thread waits for the run's data (RunThreadData) in one message, then
// runs it as a fresh thread would, on the project loaded ahead if its files are unchanged since.
import { Worker } from 'node:worker_threads';
import { defaultWorkerMemoryMb } from '../../workers/spawners';
import { workerModule } from '../../workers/worker-module';
import { RUN_THREAD_DATA } from './run-thread-data';
import type { AheadProject } from './warm-project';

/** The worker data of a spare thread (worker-main.ts reads RUN_THREAD_DATA, run-thread-worker.ts the rest). */
export interface SpareThreadData {
  spare: true;
  /** The project to load ahead, if one is open. */
  ahead?: AheadProject;
}

export interface RunThreadWorker {
  worker: Worker;
  memoryMb: number;
  /** The thread waits for its RunThreadData in a message. */
  spare: boolean;
}

/** Starts a run's thread: the worker module, the memory limit, the stdout kept for the host. */
export async function startRunThreadWorker(workerData: unknown, memoryMb: number): Promise<Worker> {
  const module = await workerModule();
  return new Worker(module.modulePath!, {
    argv: module.args,
    workerData: { [RUN_THREAD_DATA]: workerData },
    stdout: true,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  });
}

export class SpareThread {
  private readonly worker: Promise<Worker | undefined>;
  private gone = false;
  private taken = false;
  readonly memoryMb = defaultWorkerMemoryMb();

  /** `ahead`: the open project, loaded in the thread before the run asks for it. */
  constructor(readonly ahead?: AheadProject) {
    const data: SpareThreadData = { spare: true, ahead };
    this.worker = startRunThreadWorker(data, this.memoryMb).then(
      (worker) => {
        // Idle, it keeps no host alive; it goes if it fails to load (a run then starts its own).
        worker.unref();
        worker.once('error', () => (this.gone = true));
        worker.once('exit', () => (this.gone = true));
        return worker;
      },
      () => undefined,
    );
  }

  /** The thread for a run that asks no other memory limit, or undefined: the run starts its own. */
  async take(memoryMb: number): Promise<RunThreadWorker | undefined> {
    if (this.taken) return undefined;
    this.taken = true;
    const worker = await this.worker;
    if (!worker || this.gone || memoryMb !== this.memoryMb) {
      void worker?.terminate();
      return undefined;
    }
    worker.ref();
    return { worker, memoryMb, spare: true };
  }

  close(): void {
    if (this.taken) return;
    this.taken = true;
    void this.worker.then((worker) => worker?.terminate());
  }
}
