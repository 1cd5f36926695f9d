// Starts the TypeScript worker module through jiti, so the CLI and tests need no build step.
// The packaged app forks its built worker bundle instead.
'use strict';
const path = require('node:path');
const { createJiti } = require('jiti');

const jiti = createJiti(__filename, { interopDefault: true });
jiti.import(path.join(__dirname, 'worker-main.ts')).catch((err) => {
  process.stderr.write(`pipewright worker failed to start: ${(err && err.stack) || err}\n`);
  process.exit(70);
});
