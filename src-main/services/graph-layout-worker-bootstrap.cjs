// Starts the TypeScript graph layout thread (graph-layout-worker-main.ts) through jiti, from a source checkout.
'use strict';
const path = require('node:path');
const { createJiti } = require('jiti');
const { privateCacheDir } = require('../cache-dir.cjs');

const jiti = createJiti(__filename, { interopDefault: true, fsCache: privateCacheDir('jiti') ?? false });
jiti.import(path.join(__dirname, 'graph-layout-worker-main.ts')).catch((err) => {
  process.stderr.write(`pipewright graph layout thread failed to start: ${(err && err.stack) || err}\n`);
  process.exit(70);
});
