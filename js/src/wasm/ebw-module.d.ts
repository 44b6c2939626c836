// The WebAssembly module's own surface (bindings/embind.cpp), usable without the TypeScript facade:
//
//   import createEbwModule from './ebw.mjs';
//   const mod = await createEbwModule({ wasmBinary });
//   const emu = new mod.Emulator('123456789012', 'us-east-1', Date.now());
//   emu.putRule('{"Name":"r","EventPattern":"{\\"source\\":[\\"app\\"]}"}', Date.now());
//   // { status: 200, body: '{"RuleArn":"arn:aws:events:us-east-1:123456789012:rule/r"}' }
//   emu.delete();
//
// Hand-written: Emscripten 3.1.6 cannot emit declarations. The package ships two glues, each of
// which drives either binary (ebw.wasm with SIMD128; the scalar one, base64 in
// ebw-scalar-binary.js; scripts/build.mjs checks that one glue fits both): js/dist/esm/wasm/ebw.mjs
// (an ES module for browsers and bundlers, instantiated asynchronously; its declaration is
// ebw.d.mts) and js/dist/cjs/wasm/ebw.js (CommonJS for Node, instantiated synchronously from
// `wasmBinary`). This file holds the types both share.
// tests/js/wasm-surface.test.ts holds the Emulator methods below to the ones the module has.

/** What every Emulator operation method and call() return: the HTTP status and the JSON body
 * (the operation's output shape, or `{"__type": code, "message": text}` for an AWS error). */
export interface EbwResponse {
  status: number;
  body: string;
}

/** An operation method: request JSON (PascalCase members, as the AWS SDKs send them) and the
 * emulator clock's reading in epoch milliseconds. */
export type EbwOperation = (requestJson: string, nowMs: number) => EbwResponse;

/** One emulator (event buses, rules, targets, tags, policies). Every operation is its own method,
 * a thin call into the core's one dispatcher; call() reaches the same dispatcher by name. */
export interface EmulatorHandle {
  putRule: EbwOperation;
  describeRule: EbwOperation;
  deleteRule: EbwOperation;
  enableRule: EbwOperation;
  disableRule: EbwOperation;
  listRules: EbwOperation;
  testEventPattern: EbwOperation;
  putTargets: EbwOperation;
  removeTargets: EbwOperation;
  listTargetsByRule: EbwOperation;
  listRuleNamesByTarget: EbwOperation;
  createEventBus: EbwOperation;
  updateEventBus: EbwOperation;
  deleteEventBus: EbwOperation;
  describeEventBus: EbwOperation;
  listEventBuses: EbwOperation;
  putPermission: EbwOperation;
  removePermission: EbwOperation;
  tagResource: EbwOperation;
  untagResource: EbwOperation;
  listTagsForResource: EbwOperation;
  /** PutEvents' AWS output only; the package uses call('_Emulator.PutEvents') to also get the
   * deliveries it runs. */
  putEvents: EbwOperation;
  // archives, replays, connections, API destinations
  createArchive: EbwOperation;
  describeArchive: EbwOperation;
  updateArchive: EbwOperation;
  deleteArchive: EbwOperation;
  listArchives: EbwOperation;
  startReplay: EbwOperation;
  describeReplay: EbwOperation;
  cancelReplay: EbwOperation;
  listReplays: EbwOperation;
  createConnection: EbwOperation;
  describeConnection: EbwOperation;
  updateConnection: EbwOperation;
  deleteConnection: EbwOperation;
  listConnections: EbwOperation;
  deauthorizeConnection: EbwOperation;
  createApiDestination: EbwOperation;
  describeApiDestination: EbwOperation;
  updateApiDestination: EbwOperation;
  deleteApiDestination: EbwOperation;
  listApiDestinations: EbwOperation;
  /** Any operation by its AWS name (also the internal `_Emulator.*` ones); an unknown name answers
   * 400 UnknownOperationException. */
  call(operation: string, requestJson: string, nowMs: number): EbwResponse;
  /** The whole state as JSON text, or an error object's JSON text (starts with `{"__type"`). */
  exportState(nowMs: number): string;
  /** Replaces the state with an exportState() document: '' on success, else the error's JSON. */
  importState(state: string, nowMs: number): string;
  /** Frees the emulator's WebAssembly memory; the handle must not be used afterwards. */
  delete(): void;
}

/** Many event patterns compiled into one matcher. */
export interface MatcherHandle {
  /** '' on success, else the AWS error as JSON text. */
  addRule(name: string, pattern: string): string;
  removeRule(name: string): boolean;
  hasRule(name: string): boolean;
  size(): number;
  /** A JSON array of the matching rule names, or an error object's JSON text. */
  match(event: string): string;
  /** The dotted path of the field that failed ('' when the rule matches), or an error's JSON. */
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
  /** Frees the matcher's WebAssembly memory; the handle must not be used afterwards. */
  delete(): void;
}

export interface EbwModule {
  /** `nowMs`: the emulator clock at creation (the default bus's CreationTime). */
  Emulator: new (accountId: string, region: string, nowMs: number) => EmulatorHandle;
  MatcherHandle: new () => MatcherHandle;
  /** A PutTargets target's input for an event: `{"delivered":true,"payload":"..."}`,
   * `{"delivered":false}`, or an error object's JSON text. `context` holds RuleArn, RuleName and
   * IngestionTime. */
  renderTarget(target: string, event: string, context: string): string;
  /** Why a pattern matches an event or not: the explanation JSON of src/match/explain.h, or an
   * error object's JSON text (js/src/core/explain.ts types and parses it). */
  explainPattern(pattern: string, event: string): string;
  /** Views of the WebAssembly memory; replaced (the old ones detached) when memory grows. */
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  /** MatcherHandle.matchBuffer/matchMany as plain exports (no Embind conversions); `handle` is
   * MatcherHandle.address(). */
  _ebw_matcher_match_buffer(handle: number, ptr: number, len: number, out: number, cap: number): number;
  _ebw_matcher_match_many(handle: number, ptr: number, offsets: number, count: number, out: number, cap: number): number;
  /** Bytes the WebAssembly allocator has handed out (memory figures of scripts/bench.mjs). */
  _ebw_heap_bytes(): number;
  /** Test only: makes the next Emulator.call fail after the dispatcher has answered (so after its
   * change was applied): 1 `unreachable` trap, 2 stack overflow, 3 abort(), 4 a C++ exception that
   * escapes, 5 a 500 std::bad_alloc answer. 0 disarms. */
  _ebw_test_fail_next_call(kind: number): void;
  /** 1 in the SIMD128 binary (ebw.wasm), 0 in the scalar one (ebw-scalar-binary.js):
   * bindings/wasm_variant.cpp, compiled into each with the matcher. */
  _ebw_wasm_simd128(): number;
  /** The .wasm bytes the instance was made from (Emscripten keeps the option on the module); the
   * package re-instantiates a failed module from them (js/src/core/wasm-module.ts). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** Emscripten's module options that the package uses. */
export interface EbwModuleOptions {
  /** The .wasm bytes (the Node glue needs them: it compiles synchronously). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Emscripten's hook to instantiate the module yourself (the browser loader fetches with it). */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ) => WebAssembly.Exports | Record<string, never>;
}

/** The glue's factory (the default export of ebw.mjs; `module.exports` of the Node glue). The
 * ES-module glue resolves once the module is ready; the Node glue, which compiles synchronously,
 * has the module ready when it returns (and returns the same promise). */
export type EbwModuleFactory = (options?: EbwModuleOptions) => Promise<EbwModule>;
