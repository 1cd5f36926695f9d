// The first screen's requests, sent as this module is evaluated: main.ts imports it before the app,
// so they go out before the app's code runs, and their replies come while it mounts (see callEarly).
// The project, and a guess at its graph: the default pipeline, what the app opens on, which the
// host sends laid out.
import { callEarly } from './client';

callEarly('app.info', {});
callEarly('project.current', {});
void callEarly('pipelines.graph', { pipeline: '__default__' }).then(() => {
  // Read by the benchmark: when the early graph reply was parsed, in page time.
  performance.mark('pw:graph-arrived');
});
