// Browsers and bundlers: the ES-module glue (js/dist/esm/wasm/ebw.mjs, built for the web only: no
// fs, path or crypto for a bundler to resolve) and the two binaries next to it, ebw.wasm (SIMD128)
// and ebw.scalar.wasm (for engines without SIMD128; core/wasm-variant.ts chooses). Their URLs come
// from `new URL('./ebw.wasm', import.meta.url)` and `new URL('./ebw.scalar.wasm', import.meta.url)`
// in ../wasm/locate.ts, the form Vite and webpack 5 follow to emit the files themselves; esbuild
// leaves it alone, so with esbuild the files are copied next to the bundle (README) or `locateFile`
// says where they are.
import createEbwModule from '../wasm/ebw.mjs';
import { defaultWasmUrl } from '../wasm/locate.js';
import { EbwModule, registerLoader } from '../core/wasm-module.js';
import { WASM_FILE, chooseVariant } from '../core/wasm-variant.js';
import { compileWasm, fetchWasm } from './fetch-wasm.js';

registerLoader(async (options) => {
  // A binary given by the caller is used as it is; `url` then only names it in errors.
  const variant = chooseVariant(options.wasmBinary ? true : options.simd);
  const url = options.locateFile ? options.locateFile(WASM_FILE[variant]) : defaultWasmUrl(variant);
  const compiled = await compileWasm(options.wasmBinary ?? (await fetchWasm(url, WASM_FILE[variant])), url);
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
