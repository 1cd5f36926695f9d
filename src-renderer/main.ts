// The page's entry, kept small so it runs at once: it asks the host for what the first screen
// shows (the project, and a guess at its graph: the default pipeline, what the app opens on) and
// starts the layout worker and lays the graph out as soon as it comes, then loads the app. The
// replies and the layout come while the app's code is fetched and compiled, instead of after (see
// callEarly in api/client.ts and flow/early-layout.ts).
import { callEarly } from './api/client';
import { layOutEarly } from './flow/early-layout';
import { startLayoutWorker } from './flow/layout';

// The app's code is asked for first: a host answers in order, and building the graph's reply
// takes it a while.
void import('./boot');
callEarly('app.info', {});
callEarly('project.current', {});
const graph = callEarly('pipelines.graph', { pipeline: '__default__' });
startLayoutWorker();
void graph.then((reply) => {
  // Read by the benchmark: when the early graph reply was parsed, in page time.
  performance.mark('pw:graph-arrived');
  if (reply.ok) layOutEarly(reply.value);
});
