// Runs one TypeScript benchmark file through jiti in this (fresh) process.
'use strict';
const path = require('node:path');
const { createJiti } = require('jiti');
const { privateCacheDir } = require('../src-main/cache-dir.cjs');

const file = path.resolve(process.argv[2]);
createJiti(__filename, { interopDefault: true, fsCache: privateCacheDir('jiti') ?? false })
  .import(file)
  .then(async (mod) => {
    if (typeof mod.run === 'function') await mod.run(process.argv.slice(3));
  })
  .catch((err) => {
    process.stderr.write(`${(err && err.stack) || err}\n`);
    process.exitCode = 1;
  });
