// The one loaded instance of the WebAssembly module (ebw.wasm). Loading differs
// between Node (read the .wasm with fs, compile synchronously) and browsers (fetch it); each
// platform entry point registers its loader, and everything else asks for `wasm()`.

// The module's own types are hand-written next to its glue (js/src/wasm/ebw-module.d.ts).
import type { EbwModule } from '../wasm/ebw-module.js';

export type { EbwModule, EbwResponse, EmulatorHandle, MatcherHandle } from '../wasm/ebw-module.js';

export interface InitOptions {
  /** Browsers: the URL of ebw.wasm, given its file name (default: the URL the bundler gave
   * `new URL('./ebw.wasm', import.meta.url)`, i.e. next to the package's glue). */
  locateFile?: (file: string) => string;
  /** The .wasm bytes, when the caller already has them (then nothing is fetched or read). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

type Loader = (options: InitOptions) => Promise<EbwModule>;

let loader: Loader | undefined;
let loaded: EbwModule | undefined;
let loading: Promise<EbwModule> | undefined;

export function registerLoader(load: Loader, loadSync?: (options: InitOptions) => EbwModule): void {
  loader = load;
  syncLoader = loadSync;
}

let syncLoader: ((options: InitOptions) => EbwModule) | undefined;

/** Loads and instantiates the WebAssembly module once; later calls return the same instance. */
export function init(options: InitOptions = {}): Promise<EbwModule> {
  if (loaded) return Promise.resolve(loaded);
  if (syncLoader) {
    // Node: loading is synchronous, so there is never a second instance in flight.
    try {
      return Promise.resolve(initSync(options));
    } catch (e) {
      return Promise.reject(e);
    }
  }
  if (!loading) {
    if (!loader) return Promise.reject(new Error('eventbridge-wasm: no WebAssembly loader for this platform'));
    loading = loader(options).then((m) => (loaded = m));
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

/** Node only: loads the module synchronously (used by the Jest matchers). */
export function initSync(options: InitOptions = {}): EbwModule {
  if (loaded) return loaded;
  if (!syncLoader) throw new Error('eventbridge-wasm: synchronous loading is only available in Node');
  loaded = syncLoader(options);
  return loaded;
}

/**
 * The loaded module. In Node it is loaded on first use (synchronously), so `new Matcher()` works
 * without an `await init()` there; in browsers it throws a clear error until init() has completed.
 */
export function wasm(): EbwModule {
  if (loaded) return loaded;
  if (syncLoader) return initSync();
  throw new Error(
    'eventbridge-wasm is not initialised: `await init()` (or `await EventBridge.create()`) first; ' +
      'in browsers the WebAssembly module is fetched asynchronously',
  );
}
