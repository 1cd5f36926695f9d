// The page's entry, kept small so it runs at once: it asks the host for what the first screen
// shows (the project, and a guess at its graph: the default pipeline, what the app opens on) and
// starts the layout worker, then loads the app. The replies and the worker come while the app's
// code is fetched and compiled, instead of after (see callEarly in api/client.ts).
import { callEarly } from './api/client';
import { startLayoutWorker } from './flow/layout';

callEarly('app.info', {});
callEarly('project.current', {});
callEarly('pipelines.graph', { pipeline: '__default__' });
startLayoutWorker();
void import('./boot');
