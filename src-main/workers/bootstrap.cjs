// Starts the TypeScript worker module through jiti: the fallback when the worker bundle
// (out/main/worker.js, see worker-module.ts) is missing or older than its sources.
'use strict';
const path = require('node:path');
const { createJiti } = require('jiti');
const { privateCacheDir } = require('../cache-dir.cjs');

const jiti = createJiti(__filename, { interopDefault: true, fsCache: privateCacheDir('jiti') ?? false });
jiti.import(path.join(__dirname, 'worker-main.ts')).catch((err) => {
  process.stderr.write(`pipewright worker failed to start: ${(err && err.stack) || err}\n`);
  process.exit(70);
});
