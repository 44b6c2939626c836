// The one loaded instance of the WebAssembly module (ebw.wasm, or the scalar binary where the engine
// lacks SIMD128: core/wasm-variant.ts chooses). Loading differs
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

// The module's own types are hand-written next to its glue (js/src/wasm/ebw-module.d.ts).
import type { EbwModule } from '../wasm/ebw-module.js';
import type { WasmVariant } from './wasm-variant.js';

export type { EbwModule, EbwResponse, EmulatorHandle, MatcherHandle } from '../wasm/ebw-module.js';

export interface InitOptions {
  /** Browsers: the URL of ebw.wasm, given its file name (always 'ebw.wasm'; default: the URL the
   * bundler gave `new URL('./ebw.wasm', import.meta.url)`, i.e. next to the package's glue). Not
   * asked when the scalar binary loads: that one is in a JavaScript chunk of the package
   * (wasm/ebw-scalar-binary.js, loaded by import()), and nothing else is located or fetched. */
  locateFile?: (file: string) => string;
  /** The .wasm bytes, when the caller already has them (then nothing is fetched or read, and
   * `simd` is ignored: the binary is used as it is). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Which binary to load: false for the scalar one (wasm/ebw-scalar-binary.js) even where the engine
   * supports Wasm SIMD128, true for the SIMD128 one (ebw.wasm) without asking the engine. Default:
   * SIMD128 where `WebAssembly.validate` accepts a SIMD128 instruction, else scalar; in Node the
   * environment variable EBW_WASM_SIMD=0 (or 1) decides when this option is not given. */
  simd?: boolean;
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

/**
 * Which binary the loaded module is: 'simd128' (ebw.wasm) or 'scalar' (ebw-scalar-binary.js), as the
 * binary itself says (so also for one given as `wasmBinary`); undefined before it is loaded.
 */
export function wasmVariant(): WasmVariant | undefined {
  if (!loaded) return undefined;
  return loaded._ebw_wasm_simd128() === 1 ? 'simd128' : 'scalar';
}

/**
 * The loaded module (a failed one replaced first). In Node it is loaded on first use
 * (synchronously), so `new Matcher()` works without an `await init()` there; in browsers it throws
 * a clear error until init() has completed.
 */
export function wasm(): EbwModule {
  if (loaded) {
    if (failedInstance === loaded) replaceNow();
    return loaded;
  }
  if (syncLoader) return initSync();
  throw new Error(
    'eventbridge-wasm is not initialised: `await init()` (or `await EventBridge.create()`) first; ' +
      'in browsers the WebAssembly module is fetched asynchronously',
  );
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
