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
  /** Fast path: the event's UTF-8 bytes at `ptr`; rule ids written at `out` (int32, `cap` slots).
   * Returns the match count (may exceed `cap`: retry larger), -1 invalid event. */
  matchBuffer(ptr: number, len: number, out: number, cap: number): number;
  /** Event i is bytes [offsets[i], offsets[i+1]) at `ptr`; writes per event the count (-1 invalid)
   * then the ids. Returns the int32 slots needed (retry larger when > `cap`). */
  matchMany(ptr: number, offsets: number, count: number, out: number, cap: number): number;
  /** The rule name for an internal id reported by matchBuffer/matchMany ('' when unknown). */
  ruleName(id: number): string;
  /** The handle's address, for the plain exports _ebw_matcher_match_buffer/_many. */
  address(): number;
  delete(): void;
}

export interface EbwModule {
  /** `nowMs`: the emulator clock at creation (the default bus's CreationTime). */
  Emulator: new (accountId: string, region: string, nowMs: number) => EmulatorHandle;
  MatcherHandle: new () => MatcherHandle;
  renderTarget(target: string, event: string, context: string): string;
  /** Views of the WebAssembly memory; replaced (the old ones detached) when memory grows. */
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  /** MatcherHandle.matchBuffer/matchMany as plain exports (no Embind conversions); `handle` is
   * MatcherHandle.address(). */
  _ebw_matcher_match_buffer(handle: number, ptr: number, len: number, out: number, cap: number): number;
  _ebw_matcher_match_many(handle: number, ptr: number, offsets: number, count: number, out: number, cap: number): number;
  /** Bytes the WebAssembly allocator has handed out (memory figures of scripts/bench.mjs). */
  _ebw_heap_bytes(): number;
  _free(ptr: number): void;
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
