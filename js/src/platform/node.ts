// Node: the Emscripten glue is CommonJS; the .wasm is read with fs and compiled synchronously
// (Emscripten 3.1.6 would otherwise try fetch() on a file path, which fails under Node 18+).
import * as fs from 'fs';
import * as path from 'path';
import { EbwModule, InitOptions, registerLoader } from '../core/wasm-module.js';

function findWasmDir(): string {
  // dist/wasm sits at the package root; this file runs from js/src/platform or js/dist/cjs/platform.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'wasm');
    if (fs.existsSync(path.join(candidate, 'ebw.wasm'))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error('eventbridge-wasm: dist/wasm/ebw.wasm not found; run `npm run build` first');
    }
  }
}

function loadSync(options: InitOptions): EbwModule {
  const dir = findWasmDir();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const factory = require(path.join(dir, 'ebw.js')) as (m: object) => unknown;
  const module: Record<string, unknown> = {
    wasmBinary: options.wasmBinary ?? fs.readFileSync(path.join(dir, 'ebw.wasm')),
  };
  // Built with WASM_ASYNC_COMPILATION=0: the module object is complete when the factory returns.
  factory(module);
  return module as unknown as EbwModule;
}

registerLoader(async (options) => loadSync(options), loadSync);
