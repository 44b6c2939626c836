// Browsers: the ES-module copy of the Emscripten glue and the .wasm, which the build places in
// js/dist/esm/wasm/ so that the browser build is one self-contained folder.
// @ts-ignore -- generated JavaScript without type declarations
import createEbwModule from '../wasm/ebw.mjs';
import { EbwModule, InitOptions, registerLoader } from '../core/wasm-module.js';

function locator(options: InitOptions): (file: string) => string {
  return options.locateFile ?? ((file: string) => new URL(`../wasm/${file}`, import.meta.url).href);
}

// Synchronous once the bytes are there (the module is built with WASM_ASYNC_COMPILATION=0).
function instantiate(options: InitOptions, wasmBinary: ArrayBuffer | Uint8Array): EbwModule {
  const module: Record<string, unknown> = { wasmBinary, locateFile: locator(options) };
  (createEbwModule as (m: object) => unknown)(module);
  return module as unknown as EbwModule;
}

registerLoader(
  async (options) =>
    instantiate(options, options.wasmBinary ?? (await (await fetch(locator(options)('ebw.wasm'))).arrayBuffer())),
  // Used to replace a failed instance (wasm-module.ts), with the bytes the first load fetched.
  (options) => {
    if (!options.wasmBinary) throw new Error('eventbridge-wasm: loading synchronously in a browser needs options.wasmBinary');
    return instantiate(options, options.wasmBinary);
  },
);
