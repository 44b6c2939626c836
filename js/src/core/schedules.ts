// Scheduled rules on the emulator clock. One job: every ENABLED rule with a ScheduleExpression has
// exactly one pending firing, at its next occurrence. The core decides everything else (which
// rules are scheduled, when they fire, the Scheduled Event and its deliveries); the host
// (EventBridge) performs a firing through the same delivery runtime as PutEvents.
//
// - sync() re-reads the scheduled rules after anything that can change them (PutRule, DeleteRule,
//   EnableRule, DisableRule, importState). An unchanged rule keeps its pending firing; a new,
//   re-enabled or changed rule is queued at its first occurrence strictly after now (no backlog).
//   A firing whose rule has since been deleted, disabled or changed does nothing.
// - After a firing at T the next one is the first occurrence strictly after T, so advancing a manual
//   clock by a day fires every occurrence of the day once, in time order.
// - Manual clock: firings wait in the delivery runtime's timer queue, which advanceTime() drains in
//   time order together with delivery retries.
// - Real clock: one timer, for the earliest due firing (unref'd in Node so it never keeps a process
//   alive; the delay capped below setTimeout's 2^31-1 ms limit and re-armed on waking). Occurrences
//   that fell due while the process could not run (a suspended laptop) are each fired once, late,
//   with their own scheduled time.

/** An enabled scheduled rule, as the core's `_Emulator.ListSchedules` lists it. */
export interface ScheduleInfo {
  Name: string;
  EventBusName: string;
  Arn: string;
  ScheduleExpression: string;
  /** The rule's creation time (epoch ms), from which rate() counts. */
  AnchorMs: number;
}

/** What the scheduler needs from its emulator. */
export interface ScheduleHost {
  now(): number;
  /** true: the clock moves only through advanceTime(), which runs scheduleAt() work. */
  manualClock: boolean;
  /** Queues `run` at emulator time `dueMs` on the manual clock (the delivery runtime's queue). */
  scheduleAt(dueMs: number, run: () => void): void;
  listSchedules(): ScheduleInfo[];
  /** Up to `count` occurrences strictly after `afterMs`, ascending (epoch ms). */
  nextFireTimes(rule: ScheduleInfo, afterMs: number, count: number): number[];
  /** Fires the occurrence at `timeMs`: its Scheduled Event goes to the rule's targets. */
  fire(rule: ScheduleInfo, timeMs: number): void;
}

interface Entry {
  key: string;
  rule: ScheduleInfo;
  /** The pending occurrence (epoch ms); undefined when the schedule never fires again. */
  due: number | undefined;
  /** The occurrences after `due`, fetched from the core in batches (they depend only on `rule`). */
  upcoming: number[];
}

// Occurrences fetched per NextFireTimes call: one call per 32 firings rather than one per firing.
const BATCH = 32;

// setTimeout fires at once for delays above 2^31-1 ms; longer waits are re-armed on waking.
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

function keyOf(rule: ScheduleInfo): string {
  return `${rule.EventBusName}\u0000${rule.Name}`;
}

function sameRule(a: ScheduleInfo, b: ScheduleInfo): boolean {
  return a.Arn === b.Arn && a.ScheduleExpression === b.ScheduleExpression && a.AnchorMs === b.AnchorMs;
}

export class ScheduleRunner {
  private readonly entries = new Map<string, Entry>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue: number | undefined;
  private disposed = false;

  constructor(private readonly host: ScheduleHost) {}

  /** Re-reads the scheduled rules and queues the next firing of each new or changed one. */
  sync(): void {
    if (this.disposed) return;
    const listed = new Set<string>();
    for (const rule of this.host.listSchedules()) {
      const key = keyOf(rule);
      listed.add(key);
      const old = this.entries.get(key);
      if (old && sameRule(old.rule, rule)) continue;
      const entry: Entry = { key, rule, due: undefined, upcoming: [] };
      this.entries.set(key, entry);
      this.queueAfter(entry, this.host.now());
    }
    for (const key of [...this.entries.keys()]) if (!listed.has(key)) this.entries.delete(key);
    this.armTimer();
  }

  /** The pending firings, earliest first (for inspection and tests). */
  pending(): { rule: ScheduleInfo; due: number }[] {
    return [...this.entries.values()]
      .filter((e): e is Entry & { due: number } => e.due !== undefined)
      .sort((a, b) => a.due - b.due)
      .map((e) => ({ rule: e.rule, due: e.due }));
  }

  /** Whether a real-clock timer is armed (for tests). */
  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  /** Stops every pending firing and the timer; sync() does nothing afterwards. */
  dispose(): void {
    this.disposed = true;
    this.entries.clear();
    this.clearTimer();
  }

  // Queues the entry's first occurrence strictly after `afterMs`.
  private queueAfter(entry: Entry, afterMs: number): void {
    while (entry.upcoming.length > 0 && entry.upcoming[0] <= afterMs) entry.upcoming.shift();
    if (entry.upcoming.length === 0) {
      try {
        entry.upcoming = this.host.nextFireTimes(entry.rule, Math.floor(afterMs), BATCH);
      } catch {
        entry.upcoming = []; // the rule went away behind our back; the next sync() drops it
      }
    }
    const next = entry.upcoming.shift();
    entry.due = next;
    if (next === undefined || !this.host.manualClock) return;
    this.host.scheduleAt(next, () => this.fire(entry, next as number));
  }

  private isCurrent(entry: Entry, due: number): boolean {
    return !this.disposed && this.entries.get(entry.key) === entry && entry.due === due;
  }

  private fire(entry: Entry, due: number): void {
    if (!this.isCurrent(entry, due)) return; // deleted, disabled or changed since it was queued
    try {
      this.host.fire(entry.rule, due);
    } catch {
      // The core refused (the rule changed without a sync): re-read the rules.
      this.sync();
      return;
    }
    this.queueAfter(entry, due);
  }

  // Real clock: (re)arms the one timer for the earliest pending firing.
  private armTimer(): void {
    if (this.host.manualClock || this.disposed) return;
    let earliest: number | undefined;
    for (const e of this.entries.values()) {
      if (e.due !== undefined && (earliest === undefined || e.due < earliest)) earliest = e.due;
    }
    if (earliest === this.timerDue && this.timer !== undefined) return;
    this.clearTimer();
    if (earliest === undefined) return;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, earliest - this.host.now()));
    this.timerDue = earliest;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = undefined;
      this.runDue();
    }, delay);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = undefined;
  }

  // Real clock: fires every occurrence due by now, earliest first, then re-arms the timer.
  private runDue(): void {
    const now = this.host.now();
    for (;;) {
      let next: Entry | undefined;
      for (const e of this.entries.values()) {
        if (e.due !== undefined && e.due <= now && (next === undefined || e.due < (next.due as number))) next = e;
      }
      if (!next || this.disposed) break;
      this.fire(next, next.due as number);
    }
    this.armTimer();
  }
}
