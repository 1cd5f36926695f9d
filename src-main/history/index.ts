export { History, openHistory, HISTORY_FILE, type HistoryOptions } from './open-history';
export { RunRecorder } from './recorder';
export { planResume, resumePlan, unknownRun } from './resume-plan';
export { MIGRATIONS, SCHEMA_VERSION, backupFile } from './migrations';
export { HistoryError } from './errors';
export { isPersistedOutput } from './run-queries';
export { recorderOrNothing, type EventRecorder } from './safe-recorder';
export type { RunMeta, HistoryErrorHandler } from '../../src-shared/run-request';
export { FingerprintQueries, type NodeRecord, type DatasetFingerprintRecord } from './fingerprint-queries';
