import { openHistory } from './history';
import type { OpenHistory } from './services/history-service';

/** The app records every run in the project's own history, as the CLI does. */
export const openAppHistory: OpenHistory = (projectRoot) => openHistory(projectRoot);
