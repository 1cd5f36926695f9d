import type { ErrorCode } from '../../src-shared/api-transport';
import { PipewrightError } from '../engine/errors';

/** An error the API reports with a code the renderer can act on ("open a project first"). */
export class ServiceError extends PipewrightError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const noProject = () =>
  new ServiceError('no-project', 'No project is open: open a project folder first (File > Open Project…).');
