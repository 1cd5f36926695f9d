// The one place Pipewright keeps caches of code it later runs (jiti's transpiled files, the
// worker's V8 code cache): a folder of the user's own, never a shared temporary folder, where
// another local user could plant files first. Plain CommonJS so that bin/pipewright and the
// worker bootstrap can use it before anything is transpiled.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** `<user cache folder>/pipewright`: XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%. */
function cacheRoot(env = process.env, platform = process.platform) {
  let base;
  if (platform === 'win32') base = env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local');
  else if (platform === 'darwin') base = path.join(os.homedir(), 'Library', 'Caches');
  else
    base =
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(os.homedir(), '.cache');
  return path.join(base, 'pipewright');
}

/** Why `dir` may not hold code we run, or undefined when it is ours alone. */
function untrusted(dir) {
  const st = fs.lstatSync(dir);
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isDirectory()) return 'it is not a folder';
  // Windows: the folder's ACL (under %LOCALAPPDATA%) is the user's; mode bits mean nothing there.
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  if (st.uid !== uid) return `it belongs to uid ${st.uid}, not to you (uid ${uid})`;
  if (st.mode & 0o022) return `others can write to it (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  return undefined;
}

// Workers inherit the environment: a worker whose host already warned about a folder stays quiet.
const WARNED_ENV = 'PIPEWRIGHT_CACHE_WARNED';
const warned = new Set();
function warnOnce(dir, reason) {
  if (warned.has(dir) || process.env[WARNED_ENV] === dir) return;
  warned.add(dir);
  process.stderr.write(`pipewright: not using the cache folder ${dir}: ${reason}; running without this cache.\n`);
  process.env[WARNED_ENV] = dir;
}

/**
 * `<cache root>/<name>`, created with mode 0700 and checked (with the root) before use: a
 * folder of the current user that no one else can write to. Otherwise undefined, after a
 * one-line warning (once per folder and process): the caller runs without the cache.
 */
function privateCacheDir(name, options = {}) {
  const root = options.root ?? cacheRoot(options.env);
  const warn = options.warn ?? warnOnce;
  const dir = path.join(root, name);
  let current = root;
  try {
    fs.mkdirSync(path.dirname(root), { recursive: true, mode: 0o700 });
    for (current of [root, dir]) {
      try {
        fs.mkdirSync(current, { mode: 0o700 });
      } catch (err) {
        if (err.code !== 'EEXIST') throw err;
      }
      const reason = untrusted(current);
      if (reason) {
        warn(current, reason);
        return undefined;
      }
    }
    return dir;
  } catch (err) {
    warn(current, `it cannot be made (${err.message})`);
    return undefined;
  }
}

module.exports = { cacheRoot, privateCacheDir };
