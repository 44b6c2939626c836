// The Embind surface of dist/wasm/ebw.wasm and the one loaded instance of it. Loading differs
// between Node (read the .wasm with fs, compile synchronously) and browsers (fetch it); each
// platform entry point registers its loader, and everything else asks for `wasm()`.

export interface EmulatorHandle {
  call(operation: string, request: string, nowMs: number): { status: number; body: string };
  exportState(nowMs: number): string;
  importState(state: string, nowMs: number): string;
  delete(): void;
}

export interface MatcherHandle {
  addRule(name: string, pattern: string): string;
  removeRule(name: string): boolean;
  hasRule(name: string): boolean;
  size(): number;
  match(event: string): string;
  explain(name: string, event: string): string;
  delete(): void;
}

export interface EbwModule {
  Emulator: new (accountId: string, region: string) => EmulatorHandle;
  MatcherHandle: new () => MatcherHandle;
  renderTarget(target: string, event: string, context: string): string;
}

export interface InitOptions {
  /** Where the browser build finds ebw.wasm (default: next to the package's own files). */
  locateFile?: (file: string) => string;
  /** The .wasm bytes, when the caller already has them. */
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
  if (!loading) {
    if (!loader) throw new Error('eventbridge-wasm: no WebAssembly loader for this platform');
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

/** The loaded module; throws a clear error when init() has not completed. */
export function wasm(): EbwModule {
  if (!loaded) {
    throw new Error(
      'eventbridge-wasm is not initialised: await EventBridge.create() or init() first',
    );
  }
  return loaded;
}
