import { readFileSync } from 'node:fs';

/**
 * Whether the process that recorded a run (on this host) still runs: its pid is alive and, where
 * the system says when a process started (Linux), it started before the run did, so a pid the
 * system has since given to another process does not keep a dead run "running".
 */
export function isRecorderAlive(pid: number, runStartedAt: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const born = processStartedAt(pid);
  return born === undefined || born <= runStartedAt + PROCESS_START_SLACK_MS;
}

// /proc's start times count clock ticks (USER_HZ, 100 on Linux) from a boot time given in seconds.
const PROCESS_START_SLACK_MS = 2000;
const USER_HZ = 100;

/** When a process started (ms since the epoch), from /proc on Linux; undefined elsewhere. */
function processStartedAt(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(startTicks) && bootS ? bootS * 1000 + (startTicks * 1000) / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}
