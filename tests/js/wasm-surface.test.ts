// The WebAssembly module's own surface: the Embind Emulator has one method per public operation
// (bindings/embind.cpp's list), the hand-written declarations (js/src/wasm/ebw-module.d.ts) list
// exactly those, each reaches the dispatcher, and the EventBridge facade calls them.
import * as fs from 'fs';
import * as path from 'path';
import { EventBridge, init } from '../../js/src/index.node';

const declared = (() => {
  const text = fs.readFileSync(path.join(__dirname, '../../js/src/wasm/ebw-module.d.ts'), 'utf8');
  const body = text.slice(text.indexOf('export interface EmulatorHandle {'));
  return [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+): EbwOperation;$/gm)].map((m) => m[1]);
})();

const NOT_OPERATIONS = new Set(['constructor', 'call', 'exportState', 'importState']);

test('the Emulator has one method per operation, as declared', async () => {
  const mod = await init();
  const methods = Object.getOwnPropertyNames(mod.Emulator.prototype).filter((n) => !NOT_OPERATIONS.has(n));
  expect(declared.length).toBeGreaterThanOrEqual(22);
  expect(methods.sort()).toEqual([...declared].sort());
});

test('every operation method reaches the dispatcher under its AWS name', async () => {
  const mod = await init();
  const emu = new mod.Emulator('123456789012', 'us-east-1', Date.now());
  try {
    for (const method of declared) {
      const operation = method[0].toUpperCase() + method.slice(1);
      const byMethod = (emu as unknown as Record<string, (r: string, t: number) => { status: number; body: string }>)[method]('{}', 0);
      const byName = emu.call(operation, '{}', 0);
      expect({ method, ...byMethod }).toEqual({ method, ...byName });
      expect({ method, body: byMethod.body }).not.toEqual({ method, body: expect.stringContaining('UnknownOperationException') });
    }
  } finally {
    emu.delete();
  }
});

test('the facade has the same methods and calls the Emulator\'s', async () => {
  const mod = await init();
  for (const method of declared) expect({ method, type: typeof (EventBridge.prototype as never)[method] }).toEqual({ method, type: 'function' });
  const calls: string[] = [];
  const proto = mod.Emulator.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = proto.putRule;
  proto.putRule = function (this: unknown, ...args: unknown[]) {
    calls.push(String(args[0]));
    return original.apply(this, args);
  };
  try {
    const eb = await EventBridge.create();
    eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
    eb.dispose();
  } finally {
    proto.putRule = original;
  }
  expect(calls).toEqual(['{"Name":"r","EventPattern":"{\\"source\\":[\\"app\\"]}"}']);
});
