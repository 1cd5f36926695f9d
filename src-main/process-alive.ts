import { readFileSync } from 'node:fs';

// Whether a process on this host still runs, for the run history (a dead recorder's run is
// interrupted) and for datasets (a dead writer's temp files are debris).

/** Whether `pid` names a running process (one we may not signal counts as running). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process that recorded a run (on this host) still runs: its pid is alive and, where
 * the system says when a process started (Linux), it started before the run did, so a pid the
 * system has since given to another process does not keep a dead run "running".
 */
export function isRecorderAlive(pid: number, runStartedAt: number): boolean {
  if (!isPidAlive(pid)) return false;
  const born = processStartedAt(pid);
  return born === undefined || born <= runStartedAt + PROCESS_START_SLACK_MS;
}

// /proc's start times count clock ticks (USER_HZ, 100 on Linux) from a boot time given in seconds.
const PROCESS_START_SLACK_MS = 2000;
const USER_HZ = 100;

/**
 * When a process started, in clock ticks since boot, from /proc on Linux; undefined elsewhere.
 * Exact and fixed for the life of the process, so (pid, start ticks) names one process.
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** When a process started (ms since the epoch), from /proc on Linux; undefined elsewhere. */
export function processStartedAt(pid: number): number | undefined {
  const ticks = processStartTicks(pid);
  if (ticks === undefined) return undefined;
  try {
    const bootS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return bootS ? bootS * 1000 + (ticks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}
