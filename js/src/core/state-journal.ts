// What an EventBridge needs to rebuild its state in a fresh WebAssembly instance after the old one
// failed (a trap, or running out of memory; see wasm-module.ts): the last exported state (or none:
// a fresh emulator) and every state-changing call that succeeded since, with the clock reading it
// ran at. Replaying them in a new instance gives the same state, since the core's operations are
// deterministic given the request and the clock. The journal is folded into a new snapshot every
// so often, so that it stays small.

/** Operations that never change the exported state (everything else is journalled). */
export function changesState(operation: string): boolean {
  return !(
    /^(Describe|List|Test)/.test(operation) ||
    operation === 'PutEvents' ||
    operation === 'PutPartnerEvents' ||
    operation.startsWith('_Emulator.')
  );
}

interface Entry {
  operation: string;
  request: string;
  nowMs: number;
}

const MAX_ENTRIES = 64;
const MAX_BYTES = 1024 * 1024;

export class StateJournal {
  /** exportState() text the entries apply to; undefined: the state of a new emulator. */
  private snapshot: string | undefined;
  private entries: Entry[] = [];
  private bytes = 0;

  /** Records a state-changing call that succeeded. */
  record(operation: string, request: string, nowMs: number): void {
    this.entries.push({ operation, request, nowMs });
    this.bytes += request.length;
  }

  /** True when the entries should be folded into a new snapshot (see reset). */
  get long(): boolean {
    return this.entries.length >= MAX_ENTRIES || this.bytes >= MAX_BYTES;
  }

  /** The length of the snapshot's text (0: a new emulator's state). */
  get snapshotLength(): number {
    return this.snapshot?.length ?? 0;
  }

  /** Starts again from `state` (an importState() document, or a fresh exportState()). */
  reset(state: string): void {
    this.snapshot = state;
    this.entries = [];
    this.bytes = 0;
  }

  /** Rebuilds the state through `importState` and `call`, which act on a fresh emulator. */
  replay(importState: (state: string) => void, call: (operation: string, request: string, nowMs: number) => void): void {
    if (this.snapshot !== undefined) importState(this.snapshot);
    for (const e of this.entries) call(e.operation, e.request, e.nowMs);
  }
}
