import type { OpenHistory } from './services/history-service';

// Narrow adapter until src-main/history lands: without it, runs are not recorded and the
// history commands answer "not available". Replace the body with `openHistory` from './history'.
export const openAppHistory: OpenHistory | undefined = undefined;
