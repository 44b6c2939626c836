// Browsers: the ES-module copy of the Emscripten glue and the .wasm, which the build places in
// js/dist/esm/wasm/ so that the browser build is one self-contained folder.
// @ts-ignore -- generated JavaScript without type declarations
import createEbwModule from '../wasm/ebw.mjs';
import { EbwModule, registerLoader } from '../core/wasm-module.js';

registerLoader(async (options) => {
  const locate =
    options.locateFile ?? ((file: string) => new URL(`../wasm/${file}`, import.meta.url).href);
  const wasmBinary = options.wasmBinary ?? (await (await fetch(locate('ebw.wasm'))).arrayBuffer());
  const module: Record<string, unknown> = { wasmBinary, locateFile: locate };
  (createEbwModule as (m: object) => unknown)(module);
  return module as unknown as EbwModule;
});
