import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { isPidAlive, processStartTicks } from '../process-alive';

/*
 * Temporary files and folders carry their writer in their name, `.<file>.<pid>-<start>.<random>.<kind>`,
 * so that a later process can tell debris (the writer is dead) from a write in flight. `<start>` is
 * `s` + the process's start time in clock ticks where the system gives it (Linux), else `r` + a
 * token drawn once per process: either way a pid reused by a new process does not match.
 */

let own: string | undefined;

/** This process's owner tag, `<pid>-s<start ticks>` or `<pid>-r<token>`. */
export function ownerTag(): string {
  if (own) return own;
  const ticks = processStartTicks(process.pid);
  own = `${process.pid}-${ticks === undefined ? `r${randomBytes(6).toString('hex')}` : `s${ticks}`}`;
  return own;
}

export type TempKind = 'tmp' | 'new' | 'old';

/** A hidden name beside `path` owned by this process: `.<name>.<owner>.<random>.<kind>`. */
export function ownedPathBeside(path: string, kind: TempKind): string {
  return join(dirname(path), `.${basename(path)}.${ownerTag()}.${randomBytes(4).toString('hex')}.${kind}`);
}

export interface TempName {
  /** The name of the file or folder it stands for (beside it). */
  target: string;
  pid: number;
  /** `s<ticks>`, `r<token>`, or undefined for names written before owners carried a start time. */
  start: string | undefined;
  /** The name without its kind, shared by the halves of one partitioned swap. */
  stem: string;
  kind: TempKind;
}

const TEMP_NAME = /^\.(.+)\.(\d+)(?:-([sr][0-9a-z]+))?\.([0-9a-f]{8})\.(tmp|new|old)$/;

/** The parts of a temp name, or undefined for any other name. */
export function parseTempName(name: string): TempName | undefined {
  const m = TEMP_NAME.exec(name);
  if (!m) return undefined;
  return {
    target: m[1],
    pid: Number(m[2]),
    start: m[3],
    stem: name.slice(0, -m[5].length - 1),
    kind: m[5] as TempKind,
  };
}

/** Whether the writer of a temp name may still be writing. Unsure means yes. */
export function isOwnerAlive(temp: Pick<TempName, 'pid' | 'start'>): boolean {
  if (temp.pid === process.pid && temp.start === ownerTag().split('-')[1]) return true;
  if (!isPidAlive(temp.pid)) return false;
  if (temp.start?.startsWith('s')) {
    const ticks = processStartTicks(temp.pid);
    return ticks === undefined || `s${ticks}` === temp.start;
  }
  // A random token can only be checked by its own process: another live process with our pid is not us.
  if (temp.start?.startsWith('r')) return temp.pid !== process.pid;
  return true;
}
