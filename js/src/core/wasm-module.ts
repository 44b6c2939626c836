// The Embind surface of dist/wasm/ebw.wasm and the one loaded instance of it. Loading differs
// between Node (read the .wasm with fs, compile synchronously) and browsers (fetch it); each
// platform entry point registers its loader, and everything else asks for `wasm()`.
//
// A failure of the instance itself (a trap: stack overflow, out-of-bounds access, `unreachable`,
// an abort; or a C++ exception that escaped) leaves it untrustworthy: C++ destructors did not run
// (memory leaked) and a call may have stopped half-way through a change. Such an instance is
// never used again: replaceFailedModule() instantiates the same binary afresh and asks every
// attached client (each live EventBridge and Matcher) to rebuild itself there; the old instance
// and its memory are then garbage. A client that could not be rebuilt at once (the replacement
// itself failed, e.g. on a nearly full stack) is rebuilt before its next call.

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
  /** Test only: makes the next Emulator.call fail after the dispatcher has answered (so after its
   * change was applied): 1 `unreachable` trap, 2 stack overflow, 3 abort(), 4 a C++ exception that
   * escapes, 5 a 500 std::bad_alloc answer. 0 disarms. */
  _ebw_test_fail_next_call(kind: number): void;
  /** The .wasm bytes the instance was made from (Emscripten keeps the option on the module). */
  wasmBinary?: ArrayBuffer | Uint8Array;
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
let loadedWith: InitOptions = {};

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
    loading = loader(options).then((m) => {
      loadedWith = options;
      return (loaded = m);
    });
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

/** Node only: loads the module synchronously (used by the Jest matchers). */
export function initSync(options: InitOptions = {}): EbwModule {
  if (loaded) return loaded;
  if (!syncLoader) throw new Error('eventbridge-wasm: synchronous loading is only available in Node');
  loaded = syncLoader(options);
  loadedWith = options;
  return loaded;
}

/** The loaded module (a failed one replaced first); throws a clear error when init() has not
 * completed. */
export function wasm(): EbwModule {
  if (!loaded) {
    throw new Error(
      'eventbridge-wasm is not initialised: await EventBridge.create() or init() first',
    );
  }
  if (failedInstance === loaded) replaceNow();
  return loaded;
}

// ---- failure of the instance, and recovery ----

/** Something that holds handles into the module and can rebuild them in a new instance. */
export interface ModuleClient {
  /** Called once the failed instance was replaced by `mod`; must not call into the old one. */
  rebind(mod: EbwModule): void;
}

interface WeakRefLike<T> {
  deref(): T | undefined;
}
type WeakRefCtor = new <T extends object>(target: T) => WeakRefLike<T>;
const WeakRefImpl = (globalThis as { WeakRef?: WeakRefCtor }).WeakRef;

// Attached clients, weakly held where the platform can (a client that is never disposed must not
// be kept alive by this list).
const clients = new Set<WeakRefLike<ModuleClient>>();
let generation = 0;

/** Attaches a client; the returned function detaches it (dispose). */
export function attachClient(client: ModuleClient): () => void {
  const ref: WeakRefLike<ModuleClient> = WeakRefImpl ? new WeakRefImpl(client) : { deref: () => client };
  clients.add(ref);
  return () => {
    clients.delete(ref);
  };
}

/** How many times the module was replaced after a failure (0 for the first instance); a client
 * bound to an older generation must rebind before calling in. */
export function moduleGeneration(): number {
  return generation;
}

/**
 * True for an error that means the instance itself failed: a WebAssembly trap (RuntimeError:
 * `unreachable`, out-of-bounds memory access, Emscripten's `Aborted(...)`), a stack overflow
 * (RangeError) while WebAssembly code ran, or a C++ exception that reached JavaScript (a number).
 */
export function isModuleFailure(e: unknown): boolean {
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: new () => Error } }).WebAssembly?.RuntimeError;
  if (RuntimeError && e instanceof RuntimeError) return true;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return true;
  return typeof e === 'number';
}

/** Describes a failure for the error a caller sees. */
export function describeFailure(e: unknown): string {
  if (typeof e === 'number') return 'a C++ exception escaped';
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

// The loaded instance failed and waits to be replaced (replacing it can itself fail, e.g. when the
// failure was a stack overflow and the stack is still nearly full: the next wasm() retries).
let failedInstance: EbwModule | undefined;

/**
 * Marks `failed` (the instance a call failed in) as failed and replaces it with a new instance of
 * the same binary, rebinding every attached client to it. Several clients may report the same
 * failure: only the first replaces the instance. Never throws: what cannot be done now is done by
 * the next wasm() (and each client's next call, see EventBridge).
 */
export function replaceFailedModule(failed: EbwModule): void {
  if (loaded !== failed) return;
  failedInstance = failed;
  try {
    replaceNow();
  } catch {
    /* retried by the next wasm() */
  }
}

function replaceNow(): void {
  const failed = failedInstance;
  if (!failed || loaded !== failed) return;
  if (!syncLoader) throw new Error('eventbridge-wasm: no synchronous loader to replace the failed WebAssembly module');
  const binary = failed.wasmBinary ?? loadedWith.wasmBinary;
  const next = syncLoader(binary ? { ...loadedWith, wasmBinary: binary } : loadedWith);
  loaded = next;
  loading = Promise.resolve(next);
  failedInstance = undefined;
  generation += 1;
  for (const ref of [...clients]) {
    const client = ref.deref();
    if (!client) {
      clients.delete(ref);
      continue;
    }
    try {
      client.rebind(next);
    } catch {
      /* the client rebinds itself at its next call */
    }
  }
}
