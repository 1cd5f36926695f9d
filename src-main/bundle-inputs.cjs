// Whether a bundle the build made is still current: the build lists every source file that went
// into it with its size and mtime (scripts/build-worker.mjs `writeInputs`), and a source edited
// since makes it stale. Plain CommonJS so that bin/pipewright can use it before anything is transpiled.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The first input listed in `inputsFile` (relative to `root`) that changed, 'no record of its inputs', or undefined. */
function staleInput(inputsFile, root) {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8')).inputs;
  } catch {
    return 'no record of its inputs';
  }
  for (const [file, size, mtimeMs] of inputs) {
    let st;
    try {
      st = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st || st.size !== size || st.mtimeMs !== mtimeMs) return file;
  }
  return undefined;
}

module.exports = { staleInput };
