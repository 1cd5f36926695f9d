// A stand-in for `pipewright serve` that serves the built renderer and answers the few commands
// the app's opening needs with a generated graph, so the benchmark measures the renderer alone.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * `hostLayout`: 'warm' (default) answers `pipelines.graph` with the host's layout from its cache (a
 * project opened before), 'cold' lays the graph out for each request on a new layout thread (a first
 * open in an app just started), 'off' sends the graph alone (the page lays it out), as before round 5.
 */
export async function startMockServer({ rendererDir, graph, hostLayout = 'warm' }) {
  const graphReply = await hostLayouts(graph, hostLayout);
  const summary = {
    root: '/bench/project',
    name: 'bench',
    env: 'local',
    tags: graph.tags,
    runners: [],
    catalog: [],
    parameters: {},
    loadedAt: Date.now(),
    pipelines: [
      {
        name: '__default__',
        nodeCount: graph.nodes.filter((n) => n.kind === 'function').length,
        datasetCount: graph.nodes.length,
        tags: graph.tags,
        namespaces: [],
      },
    ],
  };
  const replies = {
    'app.info': { host: 'serve', version: 'bench', canPickFolder: false, initialProject: null },
    'project.current': summary,
    'project.recent': [],
    'runs.live': [],
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    // The event stream stays open and silent: no run happens in the benchmark.
    if (url.pathname === '/api/events')
      return void res.writeHead(200, { 'content-type': 'text/event-stream' }).write('\n');
    if (url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice(5);
      if (name === 'pipelines.graph') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ ok: true, value: await graphReply() }));
      }
      const body =
        name in replies
          ? { ok: true, value: replies[name] }
          : { ok: false, error: { code: 'unknown-command', message: name } };
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(body));
    }
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    const rel = normalize(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(rendererDir, rel);
    if (!existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/?token=bench`,
    close: () =>
      new Promise((ok) => {
        graphReply.close();
        server.closeAllConnections();
        server.close(ok);
      }),
  };
}

/**
 * The host's graph layout service (src-main/services/graph-layout.ts), loaded from the sources. Cold:
 * a new service per request (a new thread, its code not yet optimised), as in an app just started.
 */
async function hostLayouts(graph, mode) {
  if (mode === 'off') return Object.assign(async () => graph, { close() {} });
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url);
  const { GraphLayouts } = await jiti.import('../src-main/services/graph-layout.ts');
  const services = [];
  const dirs = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-bench-layouts-'));
    dirs.push(dir);
    return dir;
  };
  const service = () => {
    const s = new GraphLayouts();
    services.push(s);
    return s;
  };
  const root = fresh();
  const warm = mode === 'warm' ? service() : null;
  // Warm, the reply is built once, as the host builds a graph once per loaded project (PipelineGraphs).
  const built = warm ? await warm.attach(root, graph) : null;
  if (warm) await warm.written();
  const reply = () => (built ? Promise.resolve(built) : service().attach(fresh(), graph));
  return Object.assign(reply, {
    close() {
      for (const s of services) s.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  });
}
