// Replays on the emulator's clock. The core decides everything (which events, in which order, to
// which rules, and the replay's states); this runner only paces it: every replay not yet finished
// gets one _Emulator.StepReplay per REPLAY_STEP_MS of emulator time, whose deliveries go through
// the delivery runtime like PutEvents'. A replay of N events therefore takes about
// 1 + ceil(N / 100) steps (STARTING -> RUNNING with the first batch of 100, one batch per step,
// then COMPLETED one step after the last batch), and a CancelReplay takes effect at the next step.
//
// - Manual clock: steps wait in the delivery runtime's timer queue; advanceTime() runs them.
// - Real clock: steps are timers (see EventBridge's `later`, which lets flush() wait for them).
// - sync() picks up replays the runner does not know yet (StartReplay, or a loaded state file).

/** Emulator time between two steps of a replay. */
export const REPLAY_STEP_MS = 1000;

const FINISHED = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

export interface ReplayHost<D> {
  now(): number;
  /** Runs `run` at emulator time `dueMs`. */
  later(dueMs: number, run: () => void): void;
  /** The replays not yet finished (_Emulator.ListUnfinishedReplays). */
  listUnfinished(): string[];
  /** One step (_Emulator.StepReplay); throws when the replay no longer exists. */
  step(name: string): { State: string; deliveries: D[] };
  /** Performs a step's deliveries. */
  deliver(deliveries: D[], ingestMs: number): void;
  /** The state changed outside any request (for persistence). */
  changed(): void;
}

export class ReplayRunner<D> {
  private readonly scheduled = new Set<string>();
  private disposed = false;

  constructor(private readonly host: ReplayHost<D>) {}

  /** Schedules the next step of every unfinished replay that has none pending. */
  sync(): void {
    if (this.disposed) return;
    for (const name of this.host.listUnfinished()) {
      if (!this.scheduled.has(name)) this.schedule(name);
    }
  }

  /** Replays with a step pending. */
  get pending(): number {
    return this.scheduled.size;
  }

  dispose(): void {
    this.disposed = true;
    this.scheduled.clear();
  }

  private schedule(name: string): void {
    this.scheduled.add(name);
    this.host.later(this.host.now() + REPLAY_STEP_MS, () => this.step(name));
  }

  private step(name: string): void {
    if (this.disposed || !this.scheduled.delete(name)) return;
    let out: { State: string; deliveries: D[] };
    try {
      out = this.host.step(name);
    } catch {
      return; // the replay is gone (state replaced): nothing more to do
    }
    this.host.deliver(out.deliveries, this.host.now());
    this.host.changed();
    if (!FINISHED.has(out.State)) this.schedule(name);
  }
}
