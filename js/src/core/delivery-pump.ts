// Hands a PutEvents call's deliveries from the core to the delivery runtime in batches (issue 14):
// the core answers `_Emulator.PutEvents` with AWS's output, the first batch and, when more follow,
// a cursor; the rest is pulled with `_Emulator.NextDeliveries`, one batch per macrotask, so that a
// fan-out of 10 entries x 300 rules x 5 targets neither blocks the event loop for seconds nor
// exists in memory all at once. Batches share their event's text among its deliveries (the core
// sends each event's text once per call; see src/events/delivery_cursor.h). A replay step's
// deliveries (_Emulator.StepReplay) come the same way.
//
// Calls are handed over in the order they were made: a later call's deliveries wait until every
// earlier call's were handed over. When more than MAX_PENDING_CALLS are still waiting, the next
// call first hands the waiting ones over synchronously, which bounds what they hold.
import { CoreDelivery, nextMacrotask } from './delivery.js';

type TargetFields = Pick<CoreDelivery, 'targetId' | 'targetArn' | 'retryPolicy' | 'deadLetterArn'>;
type RuleFields = Pick<CoreDelivery, 'busName' | 'ruleArn' | 'ruleName'>;

/** A batch as the core writes it (src/events/delivery_cursor.h). */
export interface CoreBatch {
  events: { index: number; eventId: string; event: string }[];
  rules: (RuleFields & { index: number; targets: TargetFields[] })[];
  payloads: string[];
  deliveries: (Pick<CoreDelivery, 'dynamicParameters' | 'forwarded' | 'hop'> & {
    event: number;
    rule: number;
    target: number;
    payload: number;
  })[];
  /** Deliveries beyond the core's limit per call (forwarding between buses), on the last batch. */
  dropped: number;
}

export interface PumpHost {
  /** `_Emulator.NextDeliveries`: the next batch, and the cursor while more follow. Throws when the
   * core refuses (the cursor is gone, e.g. after the module was re-instantiated). */
  next(cursor: string): { batch: CoreBatch; cursor?: string };
  enqueue(deliveries: CoreDelivery[], ingestMs: number): void;
}

interface PendingCall {
  first?: CoreBatch;
  cursor?: string;
  ingestMs: number;
  // What earlier batches of the call sent once, by index.
  events: Map<number, { eventId: string; event: string }>;
  rules: Map<number, RuleFields & { targets: TargetFields[] }>;
}

const MAX_PENDING_CALLS = 8;

export class DeliveryPump {
  private readonly queue: PendingCall[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly host: PumpHost) {}

  /** Calls whose deliveries are not all handed over yet. */
  get pending(): number {
    return this.queue.length;
  }

  /** Hands over one call's deliveries: `first` now when nothing is waiting, the rest later. */
  start(first: CoreBatch, cursor: string | undefined, ingestMs: number): void {
    const call: PendingCall = { first, cursor, ingestMs, events: new Map(), rules: new Map() };
    if (this.queue.length >= MAX_PENDING_CALLS) this.drainNow();
    if (this.queue.length === 0) {
      this.handOver(call, first);
      call.first = undefined;
      if (!cursor) return;
    }
    this.queue.push(call);
    this.run();
  }

  /** Resolves once every call started so far has handed over all its deliveries. */
  async drained(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Forgets every waiting call (their cursors no longer exist); returns how many there were. */
  abandon(): number {
    const n = this.queue.length;
    this.queue.length = 0;
    return n;
  }

  private run(): void {
    if (this.running) return;
    this.running = (async () => {
      try {
        while (this.queue.length) {
          await nextMacrotask();
          this.step();
        }
      } finally {
        this.running = undefined;
      }
    })();
  }

  // Hands over the head call's next batch; drops the call once its last batch is out.
  private step(): void {
    const call = this.queue[0];
    if (!call) return;
    if (call.first) {
      const first = call.first;
      call.first = undefined;
      this.handOver(call, first);
    } else if (call.cursor) {
      let next: { batch: CoreBatch; cursor?: string };
      try {
        next = this.host.next(call.cursor);
      } catch (e) {
        this.queue.shift();
        warn(`the remaining deliveries of a PutEvents call were lost: ${(e as Error)?.message ?? e}`);
        return;
      }
      call.cursor = next.cursor;
      this.handOver(call, next.batch);
    }
    if (!call.first && !call.cursor) this.queue.shift();
  }

  private drainNow(): void {
    while (this.queue.length) this.step();
  }

  private handOver(call: PendingCall, batch: CoreBatch): void {
    for (const e of batch.events) call.events.set(e.index, e);
    for (const r of batch.rules) call.rules.set(r.index, r);
    const out: CoreDelivery[] = new Array(batch.deliveries.length);
    for (let i = 0; i < batch.deliveries.length; i++) {
      const d = batch.deliveries[i];
      const event = call.events.get(d.event);
      const rule = call.rules.get(d.rule);
      const target = rule?.targets[d.target];
      if (!event || !rule || !target) throw new Error('eventbridge-wasm: internal error: a delivery batch refers to an event or rule it never sent');
      // The same string objects for every delivery of an event and rule: nothing is copied per
      // delivery.
      out[i] = {
        eventId: event.eventId,
        busName: rule.busName,
        ruleArn: rule.ruleArn,
        ruleName: rule.ruleName,
        targetId: target.targetId,
        targetArn: target.targetArn,
        payload: d.payload < 0 ? event.event : batch.payloads[d.payload],
        retryPolicy: target.retryPolicy,
        deadLetterArn: target.deadLetterArn,
        dynamicParameters: d.dynamicParameters,
        event: event.event,
        forwarded: d.forwarded,
        hop: d.hop,
      };
    }
    if (batch.dropped > 0) {
      warn(`a PutEvents call caused more deliveries than the emulator makes per call; ${batch.dropped} were dropped`);
    }
    if (out.length) this.host.enqueue(out, call.ingestMs);
  }
}

function warn(message: string): void {
  // eslint-disable-next-line no-console
  console.warn(`eventbridge-wasm: ${message}`);
}
