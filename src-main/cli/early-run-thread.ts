// `pipewright run` starts its run's thread first thing, before it loads the rest of the CLI (the
// run command, the flags' schemas, the history): the thread starts Node and reads and compiles the
// worker bundle meanwhile, then waits for the run (a spare thread, as the app keeps one). The
// arguments are only glanced at here; the run takes the thread if it turns out to fit, and a
// command that does not use it closes it.
import { SpareThread } from '../services/run-thread/spare-thread';

let early: SpareThread | undefined;

/** Flags after which a run does not take a thread started with the default memory limit. */
const OTHER_THREAD = ['--parallel', '--resume', '--max-worker-memory', '--help', '-h'];

/**
 * Whether `pipewright <argv>` looks like a run on its own thread: `run` with SequentialRunner (the
 * default), the default memory limit, and its request from the command line (a resumed run's
 * comes from the history).
 */
export function looksLikeThreadRun(argv: string[]): boolean {
  if (argv[0] !== 'run') return false;
  for (let i = 1; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (OTHER_THREAD.includes(flag)) return false;
    if (flag === '--runner' && (inline ?? argv[i + 1]) !== 'SequentialRunner') return false;
  }
  return true;
}

/**
 * Starts the run's thread if `argv` looks like a run on one (see looksLikeThreadRun), and resolves
 * once the thread exists: the caller loads the run command only then, as that takes this thread a
 * while and the thread's start (a few promise steps away) would wait behind it.
 */
export async function startEarlyRunThread(argv: string[]): Promise<void> {
  if (early || !looksLikeThreadRun(argv)) return;
  early = new SpareThread();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The thread started early, for the run to take (once). */
export function takeEarlyRunThread(): SpareThread | undefined {
  const thread = early;
  early = undefined;
  return thread;
}

/** Stops a thread started early that no run took. */
export function closeEarlyRunThread(): void {
  takeEarlyRunThread()?.close();
}
