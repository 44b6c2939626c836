// `require('eventbridge-wasm/vitest')`: Vitest is ES-module only (its own `require` entry throws the
// same way), so this entry only says so. Its declarations are the ES entry's, so that a test file
// TypeScript reads as CommonJS (Vitest still runs it as an ES module) sees toMatchEventPattern.
export type { toMatchEventPattern } from './vitest.mjs' with { 'resolution-mode': 'import' };

throw new Error(
  'eventbridge-wasm/vitest is an ES module, as Vitest is: load it with `import`, or list it in setupFiles',
);
