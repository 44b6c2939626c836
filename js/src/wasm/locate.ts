// ebw.wasm's default URL: next to this file (js/dist/esm/wasm/), in the literal form
// `new URL('./ebw.wasm', import.meta.url)` that Vite and webpack 5 recognise, so that they emit the
// file into the bundle's output and rewrite the URL. Only the browser build compiles this
// file (import.meta does not exist in CommonJS).

export function defaultWasmUrl(): string {
  if (typeof import.meta.url !== 'string') {
    throw new Error(
      'eventbridge-wasm: cannot locate ebw.wasm: import.meta.url is not available in this bundle format; ' +
        'bundle as an ES module, or pass init({ locateFile: () => URL_OF_EBW_WASM })',
    );
  }
  return new URL('./ebw.wasm', import.meta.url).href;
}
