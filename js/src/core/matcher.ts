// Many rules in one compiled matcher: add rules by name, then ask which match an event.
import { errorFromBody, isErrorText } from './errors.js';
import { EbwModule, MatcherHandle, wasm } from './wasm-module.js';

function toJsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const encoder = new TextEncoder();
// matchMany encodes and matches its events in batches of at most this many UTF-16 code units.
const BATCH_CHARS = 1 << 20;
const BATCH_EVENTS = 4096;

export class Matcher {
  private handle: MatcherHandle;
  private readonly mod: EbwModule;
  // Reusable areas in WebAssembly memory (malloc'd, grown on demand, freed by dispose()).
  private inPtr = 0;
  private inCap = 0; // bytes
  private outPtr = 0;
  private outCap = 0; // int32 slots
  private offPtr = 0;
  private offCap = 0; // uint32 slots
  // A Uint8Array over the input area; rebuilt when memory grows (which detaches the old buffer).
  private inView: Uint8Array = new Uint8Array(0);
  // Rule name by internal id, filled lazily from the handle; cleared whenever the rule set changes.
  private names: (string | undefined)[] = [];

  /** Requires the module to be loaded (`await init()` or `await EventBridge.create()`). */
  constructor() {
    this.mod = wasm();
    this.handle = new this.mod.MatcherHandle();
  }

  /** Adds or replaces a rule. Throws InvalidEventPatternException for an invalid pattern. */
  addRule(name: string, pattern: string | object): void {
    this.names = [];
    const error = this.handle.addRule(name, toJsonText(pattern));
    if (error) throw errorFromBody(JSON.parse(error));
  }

  /** Returns false when no rule has that name. */
  removeRule(name: string): boolean {
    this.names = [];
    return this.handle.removeRule(name);
  }

  hasRule(name: string): boolean {
    return this.handle.hasRule(name);
  }

  get size(): number {
    return this.handle.size();
  }

  /** Names of the rules that match, in the order they were added. */
  match(event: string | object): string[] {
    const text = toJsonText(event);
    this.reserveInput(text.length * 3);
    const view = this.inputView();
    const { read, written } = encoder.encodeInto(text, view);
    if (read !== text.length) return this.matchSlow(text);
    let n = this.handle.matchBuffer(this.inPtr, written, this.outPtr, this.outCap);
    if (n > this.outCap) {
      this.reserveOutput(n);
      n = this.handle.matchBuffer(this.inPtr, written, this.outPtr, this.outCap);
    }
    if (n < 0) return this.matchSlow(text); // throws the core's error
    // HEAP32 is read afresh: matching (or a ruleName lookup) may have grown memory.
    const base = this.outPtr >> 2;
    const names = new Array<string>(n);
    for (let k = 0; k < n; k++) names[k] = this.ruleName(this.mod.HEAP32[base + k]);
    return names;
  }

  /** match() for many events in few WebAssembly calls: one result per event, in order. Throws
   * like match() at the first invalid event. */
  matchMany(events: readonly (string | object)[]): string[][] {
    const results: string[][] = new Array(events.length);
    this.eachMatch(events, (i, at, n) => {
      const names = new Array<string>(n);
      for (let k = 0; k < n; k++) names[k] = this.ruleName(this.mod.HEAP32[at + k]);
      results[i] = names;
    });
    return results;
  }

  /** How many of the events each rule matches (rules that match none are absent). Throws like
   * match() at the first invalid event. */
  countMatches(events: readonly (string | object)[]): Map<string, number> {
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
    const out = this.handle.explain(name, toJsonText(event));
    if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
    return out;
  }

  /** Frees the WebAssembly memory held by this matcher. */
  dispose(): void {
    for (const p of [this.inPtr, this.outPtr, this.offPtr]) if (p) this.mod._free(p);
    this.inPtr = this.outPtr = this.offPtr = 0;
    this.inCap = this.outCap = this.offCap = 0;
    this.handle.delete();
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

  private reserveInput(bytes: number): void {
    if (bytes + 1 <= this.inCap) return;
    if (this.inPtr) this.mod._free(this.inPtr);
    this.inCap = Math.max(4096, 2 ** Math.ceil(Math.log2(bytes + 1)));
    this.inPtr = this.mod._malloc(this.inCap);
    if (!this.inPtr) throw new Error('eventbridge-wasm: out of WebAssembly memory');
    this.inView = new Uint8Array(0);
    if (!this.outPtr) this.reserveOutput(64);
  }

  private reserveOutput(slots: number): void {
    if (slots <= this.outCap) return;
    if (this.outPtr) this.mod._free(this.outPtr);
    this.outCap = Math.max(64, 2 ** Math.ceil(Math.log2(slots)));
    this.outPtr = this.mod._malloc(this.outCap * 4);
    if (!this.outPtr) throw new Error('eventbridge-wasm: out of WebAssembly memory');
  }

  private reserveOffsets(slots: number): void {
    if (slots <= this.offCap) return;
    if (this.offPtr) this.mod._free(this.offPtr);
    this.offCap = Math.max(1024, 2 ** Math.ceil(Math.log2(slots)));
    this.offPtr = this.mod._malloc(this.offCap * 4);
    if (!this.offPtr) throw new Error('eventbridge-wasm: out of WebAssembly memory');
  }

  // The input area as bytes; call after every malloc (growth detaches earlier views).
  private inputView(): Uint8Array {
    const heap = this.mod.HEAPU8;
    if (this.inView.buffer !== heap.buffer || this.inView.byteOffset !== this.inPtr) {
      this.inView = new Uint8Array(heap.buffer, this.inPtr, this.inCap);
    }
    return this.inView;
  }

  // Encodes the events in batches into the input area (one string join and one encodeInto per
  // batch when it is all ASCII, else one encodeInto per event), matches each batch in one call,
  // then calls `each(index, at, count)` with the ids at HEAP32[at .. at + count) (read HEAP32
  // afresh after anything that may allocate in WebAssembly memory).
  private eachMatch(
    events: readonly (string | object)[],
    each: (index: number, at: number, count: number) => void,
  ): void {
    const texts = events.map(toJsonText);
    for (let start = 0; start < texts.length; ) {
      let end = start;
      let chars = 0;
      while (end < texts.length && end - start < BATCH_EVENTS && (end === start || chars + texts[end].length <= BATCH_CHARS)) {
        chars += texts[end++].length;
      }
      const count = end - start;
      this.reserveOffsets(count + 1);
      this.reserveOutput(count * 2 + 16);
      const joined = count === 1 ? texts[start] : texts.slice(start, end).join('');
      this.reserveInput(joined.length);
      let view = this.inputView();
      let offsets = this.mod.HEAPU32;
      let o = this.offPtr >> 2;
      const ascii = encoder.encodeInto(joined, view);
      if (ascii.read === joined.length && ascii.written === joined.length) {
        let pos = 0;
        for (let i = start; i < end; i++) {
          offsets[o++] = pos;
          pos += texts[i].length;
        }
        offsets[o] = pos;
      } else {
        this.reserveInput(chars * 3);
        view = this.inputView();
        offsets = this.mod.HEAPU32;
        let pos = 0;
        for (let i = start; i < end; i++) {
          offsets[o++] = pos;
          pos += encoder.encodeInto(texts[i], view.subarray(pos)).written;
        }
        offsets[o] = pos;
      }
      let needed = this.handle.matchMany(this.inPtr, this.offPtr, count, this.outPtr, this.outCap);
      if (needed > this.outCap) {
        this.reserveOutput(needed);
        needed = this.handle.matchMany(this.inPtr, this.offPtr, count, this.outPtr, this.outCap);
      }
      if (needed < 0) throw new Error('eventbridge-wasm: internal error in matchMany');
      let at = this.outPtr >> 2;
      for (let i = start; i < end; i++) {
        const n = this.mod.HEAP32[at++];
        if (n < 0) this.matchSlow(texts[i]); // throws the core's error for this event
        else {
          each(i, at, n);
          at += n;
        }
      }
      start = end;
    }
  }
}
