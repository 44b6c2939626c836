// The default URLs of the two binaries: next to this file (js/dist/esm/wasm/), each in the literal
// form `new URL('./ebw.wasm', import.meta.url)` that Vite and webpack 5 recognise, so that they
// emit both files into the bundle's output and rewrite the URLs (only the one the engine needs is
// fetched: core/wasm-variant.ts). Only the browser build compiles this file (import.meta does not
// exist in CommonJS).
import { WASM_FILE, WasmVariant } from '../core/wasm-variant.js';

export function defaultWasmUrl(variant: WasmVariant): string {
  if (typeof import.meta.url !== 'string') {
    throw new Error(
      `eventbridge-wasm: cannot locate ${WASM_FILE[variant]}: import.meta.url is not available in this bundle format; ` +
        'bundle as an ES module, or pass init({ locateFile: (name) => URL_OF_THAT_FILE })',
    );
  }
  // Two literal expressions, not one with a variable name: a bundler follows only the literal form.
  if (variant === 'scalar') return new URL('./ebw.scalar.wasm', import.meta.url).href;
  return new URL('./ebw.wasm', import.meta.url).href;
}
