export { History, openHistory, HISTORY_FILE, type HistoryOptions } from './open-history';
export { RunRecorder } from './recorder';
export { resumePlan, unknownRun } from './resume-plan';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations';
