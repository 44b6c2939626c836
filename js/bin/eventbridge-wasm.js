#!/usr/bin/env node
// The `eventbridge-wasm` command; its code is in js/src/cli (built to js/dist/cjs/cli).
require('../dist/cjs/cli/main.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`eventbridge-wasm: ${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 1;
    },
  );
