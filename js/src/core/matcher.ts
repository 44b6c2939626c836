// Many rules in one compiled matcher: add rules by name, then ask which match an event.
//
// The match path hands no strings to Embind: the event's UTF-8 bytes are written into a reusable
// area of WebAssembly memory (TextEncoder.encodeInto per match(); batches use Buffer#utf8Write in
// Node, which needs no subarray per event), one exported function matches them and writes the
// matching rules' ids, and the names come from a per-matcher cache filled once per rule id.
import { DisposedError, errorFromBody, isErrorText } from './errors.js';
import { textEncoder } from './text-encoder.js';
import {
  EbwModule,
  MatcherHandle,
  ModuleClient,
  attachClient,
  describeFailure,
  isModuleFailure,
  replaceFailedModule,
  wasm,
} from './wasm-module.js';

function toJsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Node's Buffer writes a string at an offset without a subarray per event (the batch path).
interface NodeBuffer extends Uint8Array {
  utf8Write(text: string, offset: number, length?: number): number;
}
type BufferFrom = (buffer: ArrayBufferLike, byteOffset: number, length: number) => NodeBuffer;
const nodeBufferFrom: BufferFrom | undefined = (() => {
  const B = (globalThis as { Buffer?: { from?: unknown; prototype?: { utf8Write?: unknown } } }).Buffer;
  return B && typeof B.from === 'function' && typeof B.prototype?.utf8Write === 'function'
    ? (B.from as BufferFrom).bind(B)
    : undefined;
})();

// A thrown value that is not a failure of the module itself (those, including the fast path's only
// possible C++ exception, std::bad_alloc, arriving as a bare number, go through failure()).
function wasmFailure(e: unknown): unknown {
  return e instanceof Error ? e : new Error('eventbridge-wasm: out of WebAssembly memory while matching');
}

// countMatches/matchMany write up to this many bytes of events into memory per call.
const BATCH_BYTES = 1 << 20;

export class Matcher implements ModuleClient {
  // Set by dispose(); every method checks it first, so that no call reaches the freed handle (whose
  // address another matcher's handle may reuse) or the freed areas.
  private disposed = false;
  private handle: MatcherHandle;
  private mod: EbwModule;
  private address: number;
  // The rules' pattern texts, to rebuild the matcher in a new module instance (rebind()).
  private readonly patterns = new Map<string, string>();
  private readonly detach: () => void;
  // Reusable areas in WebAssembly memory (malloc'd, grown on demand, freed by dispose()).
  private inPtr = 0;
  private inCap = 0; // bytes
  private outPtr = 0;
  private outCap = 0; // int32 slots
  private offPtr = 0;
  private offCap = 0; // uint32 slots
  // Views of the input area, and the HEAPU8 they were made from: memory growth replaces HEAPU8
  // (detaching the old buffer), which a comparison of the two objects detects cheaply.
  private viewHeap: Uint8Array | undefined;
  private inView: Uint8Array = new Uint8Array(0);
  private inBuffer: NodeBuffer | undefined;
  // Rule name by internal id, filled lazily from the handle; cleared whenever the rule set changes.
  private names: (string | undefined)[] = [];

  /**
   * Needs the WebAssembly module: in browsers `await init()` (or `await EventBridge.create()`)
   * first; in Node it is loaded on first use.
   */
  constructor() {
    this.mod = wasm();
    this.handle = new this.mod.MatcherHandle();
    this.address = this.handle.address();
    this.detach = attachClient(this);
  }

  /** ModuleClient: the WebAssembly module failed and `mod` replaces it; rebuilds this matcher's
   * rules there (the old instance is never called again). */
  rebind(mod: EbwModule): void {
    if (this.disposed) return;
    const handle = new mod.MatcherHandle();
    for (const [name, pattern] of this.patterns) handle.addRule(name, pattern);
    this.mod = mod;
    this.handle = handle;
    this.address = handle.address();
    this.inPtr = this.inCap = this.outPtr = this.outCap = this.offPtr = this.offCap = 0;
    this.viewHeap = undefined;
    this.inBuffer = undefined;
    this.names = [];
  }

  /** Adds or replaces a rule. Throws InvalidEventPatternException for an invalid pattern. */
  addRule(name: string, pattern: string | object): void {
    this.live();
    this.names = [];
    const text = toJsonText(pattern);
    const error = this.handle.addRule(name, text);
    if (error) throw errorFromBody(JSON.parse(error));
    this.patterns.set(name, text);
  }

  /** Returns false when no rule has that name. */
  removeRule(name: string): boolean {
    this.live();
    this.names = [];
    this.patterns.delete(name);
    return this.handle.removeRule(name);
  }

  hasRule(name: string): boolean {
    this.live();
    return this.handle.hasRule(name);
  }

  get size(): number {
    this.live();
    return this.handle.size();
  }

  /** Names of the rules that match, in the order they were added. */
  match(event: string | object): string[] {
    this.live();
    const text = typeof event === 'string' ? event : JSON.stringify(event);
    const mod = this.mod;
    // At most 3 UTF-8 bytes per UTF-16 code unit: the whole text always fits.
    if (text.length * 3 >= this.inCap) this.reserveInput(text.length * 3);
    const view = this.viewHeap === mod.HEAPU8 ? this.inView : this.inputView();
    const written = textEncoder().encodeInto(text, view).written;
    let n = this.matchBuffer(written);
    if (n > this.outCap) {
      this.reserveOutput(n);
      n = this.matchBuffer(written);
    }
    if (n <= 0) return n === 0 ? [] : this.matchSlow(text); // matchSlow throws the core's error
    const heap = mod.HEAP32;
    const base = this.outPtr >> 2;
    const names = new Array<string>(n);
    for (let k = 0; k < n; k++) {
      const id = heap[base + k];
      names[k] = this.names[id] ?? this.ruleName(id);
    }
    return names;
  }

  /** match() for many events in few WebAssembly calls: one result per event, in order. Throws
   * like match() at the first invalid event. */
  matchMany(events: readonly (string | object)[]): string[][] {
    this.live();
    const results: string[][] = new Array(events.length);
    this.eachMatch(events, (i, at, n) => {
      const heap = this.mod.HEAP32;
      const names = new Array<string>(n);
      for (let k = 0; k < n; k++) {
        const id = heap[at + k];
        names[k] = this.names[id] ?? this.ruleName(id);
      }
      results[i] = names;
    });
    return results;
  }

  /** How many of the events each rule matches (rules that match none are absent). Throws like
   * match() at the first invalid event. */
  countMatches(events: readonly (string | object)[]): Map<string, number> {
    this.live();
    const byId: number[] = [];
    this.eachMatch(events, (_i, at, n) => {
      const heap = this.mod.HEAP32;
      for (let k = 0; k < n; k++) {
        const id = heap[at + k];
        byId[id] = (byId[id] ?? 0) + 1;
      }
    });
    const counts = new Map<string, number>();
    byId.forEach((c, id) => {
      if (c) counts.set(this.ruleName(id), c);
    });
    return counts;
  }

  /** For a rule that does not match: the dotted path of the field that failed; '' if it matches. */
  explain(name: string, event: string | object): string {
    this.live();
    const out = this.handle.explain(name, toJsonText(event));
    if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
    return out;
  }

  /** Frees the WebAssembly memory held by this matcher. Calling it again does nothing; any
   * other method called afterwards throws DisposedError. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of [this.inPtr, this.outPtr, this.offPtr]) if (p) this.mod._free(p);
    this.inPtr = this.outPtr = this.offPtr = 0;
    this.inCap = this.outCap = this.offCap = 0;
    this.viewHeap = undefined;
    this.inBuffer = undefined;
    this.detach();
    this.handle.delete();
  }

  private live(): void {
    if (this.disposed) throw new DisposedError('Matcher');
  }

  private matchBuffer(length: number): number {
    try {
      return this.mod._ebw_matcher_match_buffer(this.address, this.inPtr, length, this.outPtr, this.outCap);
    } catch (e) {
      throw this.failure(e);
    }
  }

  // A failure of the module itself replaces it (wasm-module.ts), this matcher included.
  private failure(e: unknown): unknown {
    if (!isModuleFailure(e)) return wasmFailure(e);
    replaceFailedModule(this.mod);
    try {
      const mod = wasm();
      if (mod !== this.mod) this.rebind(mod);
    } catch {
      /* rebuilt at the next failure */
    }
    return new Error(
      `eventbridge-wasm: the WebAssembly module failed while matching (${describeFailure(e)}); ` +
        'it was restarted and the matcher rebuilt',
    );
  }

  // The original string path: also the one that reports the core's exact error.
  private matchSlow(text: string): string[] {
    const out = this.handle.match(text);
    if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
    return JSON.parse(out) as string[];
  }

  private ruleName(id: number): string {
    let name = this.names[id];
    if (name === undefined) {
      name = this.handle.ruleName(id);
      this.names[id] = name;
    }
    return name;
  }

  // The three areas below are freed before the larger one is allocated, and recorded only once the
  // allocation succeeded: after a failure the matcher holds no area (and throws), instead of a
  // capacity without memory behind it.
  private allocate(bytes: number): number {
    const ptr = bytes <= 2 ** 31 ? this.mod._malloc(bytes) : 0;
    if (!ptr) throw new Error('eventbridge-wasm: out of WebAssembly memory');
    return ptr;
  }

  private reserveInput(bytes: number): void {
    if (bytes < this.inCap) return;
    const cap = Math.max(4096, 2 ** Math.ceil(Math.log2(bytes + 1)));
    if (this.inPtr) this.mod._free(this.inPtr);
    this.inPtr = this.inCap = 0;
    this.viewHeap = undefined;
    this.inPtr = this.allocate(cap);
    this.inCap = cap;
    if (!this.outPtr) this.reserveOutput(64);
  }

  private reserveOutput(slots: number): void {
    if (slots <= this.outCap) return;
    const cap = Math.max(64, 2 ** Math.ceil(Math.log2(slots)));
    if (this.outPtr) this.mod._free(this.outPtr);
    this.outPtr = this.outCap = 0;
    this.outPtr = this.allocate(cap * 4);
    this.outCap = cap;
  }

  private reserveOffsets(slots: number): void {
    if (slots <= this.offCap) return;
    const cap = Math.max(1024, 2 ** Math.ceil(Math.log2(slots)));
    if (this.offPtr) this.mod._free(this.offPtr);
    this.offPtr = this.offCap = 0;
    this.offPtr = this.allocate(cap * 4);
    this.offCap = cap;
  }

  // The input area as bytes; call after every malloc (growth replaces HEAPU8).
  private inputView(): Uint8Array {
    const heap = this.mod.HEAPU8;
    this.viewHeap = heap;
    this.inView = new Uint8Array(heap.buffer, this.inPtr, this.inCap);
    this.inBuffer = nodeBufferFrom ? nodeBufferFrom(heap.buffer, this.inPtr, this.inCap) : undefined;
    return this.inView;
  }

  // Writes `text` at byte `pos` of the input area (which has room for text.length * 3 bytes
  // there); returns the bytes written.
  private encodeAt(text: string, pos: number): number {
    if (this.viewHeap !== this.mod.HEAPU8) this.inputView();
    const buffer = this.inBuffer;
    if (buffer) return buffer.utf8Write(text, pos);
    return textEncoder().encodeInto(text, this.inView.subarray(pos)).written;
  }

  // Encodes the events in batches of about BATCH_BYTES into the input area, matches each batch in
  // one call, then calls `each(index, at, count)` with the ids at HEAP32[at .. at + count) (read
  // HEAP32 afresh after anything that may allocate in WebAssembly memory).
  private eachMatch(
    events: readonly (string | object)[],
    each: (index: number, at: number, count: number) => void,
  ): void {
    const texts = events.map(toJsonText);
    const mod = this.mod;
    for (let start = 0; start < texts.length; ) {
      // The batch: events up to BATCH_BYTES (at 3 bytes per code unit), at least one.
      let end = start;
      let room = 0;
      while (end < texts.length && (end === start || room + texts[end].length * 3 <= BATCH_BYTES)) {
        room += texts[end++].length * 3;
      }
      const count = end - start;
      this.reserveOffsets(count + 1);
      this.reserveOutput(count * 2 + 16);
      this.reserveInput(room);
      let pos = 0;
      for (let i = start; i < end; i++) {
        mod.HEAPU32[(this.offPtr >> 2) + i - start] = pos;
        pos += this.encodeAt(texts[i], pos);
      }
      mod.HEAPU32[(this.offPtr >> 2) + count] = pos;
      try {
        const needed = mod._ebw_matcher_match_many(this.address, this.inPtr, this.offPtr, count, this.outPtr, this.outCap);
        if (needed > this.outCap) {
          this.reserveOutput(needed);
          mod._ebw_matcher_match_many(this.address, this.inPtr, this.offPtr, count, this.outPtr, this.outCap);
        }
      } catch (e) {
        throw this.failure(e);
      }
      let at = this.outPtr >> 2;
      for (let i = start; i < end; i++) {
        const n = mod.HEAP32[at++];
        if (n < 0) {
          this.matchSlow(texts[i]); // throws the core's error for this event
          throw new Error('eventbridge-wasm: internal error: an event rejected by matchMany only');
        }
        each(i, at, n);
        at += n;
      }
      start = end;
    }
  }
}
