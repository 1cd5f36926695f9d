import { PipewrightError, errorMessage } from '../engine/errors';

/** A project that cannot be loaded or used: the message says what is wrong and where. */
export class ProjectError extends PipewrightError {}

/** A ProjectError that prefixes where it happened and keeps the original as its cause. */
export function projectError(where: string, cause: unknown): ProjectError {
  return new ProjectError(`${where}: ${errorMessage(cause)}`, { cause });
}
