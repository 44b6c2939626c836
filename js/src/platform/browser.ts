// Browsers and bundlers: the ES-module glue (js/dist/esm/wasm/ebw.mjs, built for the web only: no
// fs, path or crypto for a bundler to resolve) and ebw.wasm next to it. The .wasm's URL comes from
// `new URL('./ebw.wasm', import.meta.url)` in ../wasm/locate.ts, the form Vite and webpack 5
// follow to emit the file themselves; esbuild leaves it alone, so with esbuild the file is
// copied next to the bundle (README) or `locateFile` says where it is.
import createEbwModule from '../wasm/ebw.mjs';
import { defaultWasmUrl } from '../wasm/locate.js';
import { EbwModule, registerLoader } from '../core/wasm-module.js';
import { compileWasm, fetchWasm } from './fetch-wasm.js';

registerLoader(async (options) => {
  const url = options.locateFile ? options.locateFile('ebw.wasm') : defaultWasmUrl();
  const compiled = await compileWasm(options.wasmBinary ?? (await fetchWasm(url)), url);
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
