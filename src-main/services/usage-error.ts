import { PipewrightError } from '../engine/errors';

/** A request that cannot be carried out as asked: bad flags, an unknown pipeline or runner. */
export class UsageError extends PipewrightError {}
