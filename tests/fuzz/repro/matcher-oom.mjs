#!/usr/bin/env node
// Reproducer (issue 9, "a failure never leaves the module unusable"), for js/src/core/matcher.ts:
// a Matcher whose input buffer could not be allocated stays broken. match() of an event whose
// UTF-8 reservation (3 bytes per UTF-16 unit, rounded up to a power of two) exceeds what the
// WebAssembly memory can still give throws "out of WebAssembly memory" (fine), but reserveInput()
// has already set inCap to the new size while inPtr is 0 (reserveOutput and reserveOffsets have
// the same order), so the next match() on that Matcher skips the reservation and encodes the event
// at address 0 of the WebAssembly memory. With the build of 2026-11-23 10:59 that threw
// "RangeError: Invalid typed array length: 2147483648" (only that Matcher broken); with the one of
// 11:52 it overwrites the module's low memory, and every later call, on any Matcher or EventBridge,
// traps with "RuntimeError: memory access out of bounds". Fix: assign inPtr/inCap only after
// _malloc succeeded (and zero them when it fails). Needs ~1 GB of free RAM and `npm run build`;
// exits 1 while the bug is there.
//
//   node tests/fuzz/repro/matcher-oom.mjs
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { EventBridge, Matcher, init } = createRequire(import.meta.url)(path.join(root, 'js/dist/cjs/index.node.js'));
await init();
const m = new Matcher();
m.addRule('r', { source: ['a'] });
const small = '{"source":"a"}';
console.log('before:', JSON.stringify(m.match(small)));
// 400 Mi characters -> a 2 GiB reservation, more than the module can allocate.
const huge = '{"source":"a","detail":{"x":"' + 'y'.repeat(400 * 1024 * 1024) + '"}}';
try {
  m.match(huge);
  console.log('huge event: matched (no allocation failure on this build)');
} catch (e) {
  console.log(`huge event: ${e.name}: ${e.message}`);
}
try {
  console.log('after:', JSON.stringify(m.match(small)));
} catch (e) {
  console.log(`after: BROKEN: ${e.name}: ${e.message}`);
  process.exitCode = 1;
}
// The rest of the module.
try {
  const fresh = new Matcher();
  fresh.addRule('r', { source: ['a'] });
  const eb = await EventBridge.create();
  eb.putRule({ Name: 'r', EventPattern: '{"source":["a"]}' });
  console.log('a fresh Matcher:', JSON.stringify(fresh.match(small)), '; EventBridge.listRules:', eb.listRules({}).Rules.length);
} catch (e) {
  console.log(`the rest of the module: BROKEN: ${e.name}: ${e.message}`);
  process.exitCode = 1;
}
