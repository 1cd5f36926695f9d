// Runs the worker bundle (argv[2]) with a V8 code cache (argv[3], a file in the user's private
// cache folder chosen by worker-module.ts; no cache when absent). The cache is written once,
// after start-up (a pool worker: before its first task's answer, or 200 ms in; a run's thread:
// when it is first idle), so it covers the functions start-up compiled; V8 rejects a cache from
// another V8 build or flags, and it is rewritten.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const file = path.resolve(process.argv[2]);
const cacheFile = process.argv[3];
let cachedData;
try {
  if (cacheFile) cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(path.dirname(file));
const load = Module.createRequire(file);
script.runInThisContext().call(mod.exports, mod.exports, load, mod, file, path.dirname(file));
if (cacheFile && (!cachedData || script.cachedDataRejected)) {
  let written = false;
  const writeCache = () => {
    if (written) return;
    written = true;
    const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
      removeOldCaches(path.dirname(cacheFile), cacheFile);
    } catch {
      // another worker wrote it, or the folder is read-only: start-up is only slower
    }
  };
  // The worker calls this before it answers its first task (a short run kills its workers as
  // soon as the last answer arrives), so the cache also covers loading the project.
  globalThis[Symbol.for('pipewright.writeCodeCache')] = writeCache;
  setTimeout(writeCache, 200).unref();
}

// Caches of earlier bundles, unused for a day: each build of the bundle gets a new cache file.
function removeOldCaches(dir, keep) {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (p === keep || !name.endsWith('.v8cache')) continue;
    if (Date.now() - fs.statSync(p).mtimeMs > 86_400_000) fs.rmSync(p, { force: true });
  }
}
