// Browsers and bundlers: the ES-module glue (js/dist/esm/wasm/ebw.mjs, built for the web only: no
// fs, path or crypto for a bundler to resolve) and ebw.wasm (SIMD128) next to it. The .wasm's URL
// comes from `new URL('./ebw.wasm', import.meta.url)` in ../wasm/locate.ts, the form Vite and
// webpack 5 follow to emit the file themselves; esbuild leaves it alone, so with esbuild the file is
// copied next to the bundle (README) or `locateFile` says where it is.
//
// Where the engine lacks SIMD128 (core/wasm-variant.ts decides), the scalar binary comes instead
// from ../wasm/ebw-scalar-binary.js, base64 in a JavaScript module (the package ships exactly one
// .wasm file, ebw.wasm), through a dynamic import(): bundlers emit it as a chunk of its own, which
// only such engines fetch. Then nothing is located (`locateFile` is not asked) or fetched but that
// chunk.
import createEbwModule from '../wasm/ebw.mjs';
import { defaultWasmUrl } from '../wasm/locate.js';
import { EbwModule, InitOptions, registerLoader } from '../core/wasm-module.js';
import { chooseVariant } from '../core/wasm-variant.js';
import { compileWasm, fetchWasm } from './fetch-wasm.js';

/** The scalar binary's bytes, decoded from base64 with atob (every browser has it). */
async function scalarBinary(): Promise<Uint8Array> {
  let base64: string;
  try {
    base64 = (await import('../wasm/ebw-scalar-binary.js')).default;
  } catch (e) {
    // A chunk the bundle's server does not serve: the browser's message names its URL.
    throw new Error(`eventbridge-wasm: loading the scalar WebAssembly module (ebw-scalar-binary.js) failed: ${(e as Error).message}`);
  }
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The module compiled from the caller's wasmBinary (as it is), the scalar chunk, or ebw.wasm. */
async function compile(options: InitOptions): Promise<WebAssembly.Module> {
  if (!options.wasmBinary && chooseVariant(options.simd) === 'scalar') {
    return compileWasm(await scalarBinary(), 'the scalar WebAssembly module (ebw-scalar-binary.js)');
  }
  // With a wasmBinary, `url` only names it in errors.
  const url = options.locateFile ? options.locateFile('ebw.wasm') : defaultWasmUrl();
  return compileWasm(options.wasmBinary ?? (await fetchWasm(url)), url);
}

registerLoader(async (options) => {
  const compiled = await compile(options);
  // Instantiated through Emscripten's hook rather than by the glue's own fetch, so that every
  // failure above names the URL and the reason.
  return new Promise<EbwModule>((resolve, reject) => {
    createEbwModule({
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports).then((instance) => receiveInstance(instance, compiled), reject);
        return {};
      },
    }).then(resolve, reject);
  });
});
