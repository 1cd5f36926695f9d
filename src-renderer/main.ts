// The page's entry, kept small so it runs at once: it asks the host for what the first screen
// shows (the project, and a guess at its graph: the default pipeline, what the app opens on, which
// the host sends laid out), then loads the app. The replies come while the app's code is fetched
// and compiled, instead of after (see callEarly in api/client.ts).
import { callEarly } from './api/client';

// The app's code is asked for first: a host answers in order, and building the graph's reply
// takes it a while.
void import('./boot');
callEarly('app.info', {});
callEarly('project.current', {});
void callEarly('pipelines.graph', { pipeline: '__default__' }).then(() => {
  // Read by the benchmark: when the early graph reply was parsed, in page time.
  performance.mark('pw:graph-arrived');
});
