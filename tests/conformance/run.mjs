// Runs every record of ../shared/conformance through the public TypeScript API (the package as
// users install it) and prints each file's pass count. With --json, the last line is a JSON
// summary for scripts/run-tests.mjs. Exit 1 when an AWS-recorded record fails.
import { createRequire } from 'node:module';
import { runPatterns } from './patterns.mjs';

const require = createRequire(import.meta.url);
const { EventBridge } = require('eventbridge-wasm');

const tallies = [];
const fresh = (opts = {}) => EventBridge.create({ accountId: '123456789012', region: 'us-east-1', ...opts });

tallies.push(runPatterns(await fresh(), 'patterns.jsonl'));
tallies.push(runPatterns(await fresh(), 'patterns_moto.jsonl', { advisory: true }));

for (const extra of ['./api.mjs', './transforms.mjs']) {
  let mod;
  try {
    mod = await import(extra);
  } catch (e) {
    if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    continue;
  }
  tallies.push(...(await mod.run(fresh)));
}

for (const t of tallies) t.report();
const binding = tallies.filter((t) => !t.advisory);
const summary = {
  passed: binding.reduce((n, t) => n + t.passed, 0),
  failed: binding.reduce((n, t) => n + t.failed.length, 0),
  skipped: binding.reduce((n, t) => n + t.skipped, 0),
};
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.failed ? 1 : 0;
