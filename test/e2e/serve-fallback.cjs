#!/usr/bin/env node
// Starts `pipewright serve` through the server module while bin/pipewright has no `serve` command yet.
// Same contract as the CLI: the first stdout line is the URL to open.
'use strict';
const path = require('node:path');
const { createJiti } = require('jiti');
const { privateCacheDir } = require('../../src-main/cache-dir.cjs');

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jiti = createJiti(__filename, { interopDefault: true, fsCache: privateCacheDir('jiti') ?? false });
jiti
  .import(path.join(__dirname, '..', '..', 'src-main', 'server', 'serve.ts'))
  .then(async ({ serve }) => {
    const handle = await serve({ projectRoot: flag('--project'), port: Number(flag('--port') ?? 0) });
    process.stdout.write(`${handle.url}\n`);
    const stop = () => handle.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((err) => {
    process.stderr.write(`serve failed: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  });
