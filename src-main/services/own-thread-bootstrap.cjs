// Starts one of our TypeScript worker threads (own-thread.ts passes its entry) through jiti, from a source checkout.
'use strict';
const { workerData } = require('node:worker_threads');
const { createJiti } = require('jiti');
const { privateCacheDir } = require('../cache-dir.cjs');

const entry = workerData && workerData.ownThreadEntry;
const jiti = createJiti(__filename, { interopDefault: true, fsCache: privateCacheDir('jiti') ?? false });
jiti.import(entry).catch((err) => {
  process.stderr.write(`pipewright thread ${entry} failed to start: ${(err && err.stack) || err}\n`);
  process.exit(70);
});
