// The delivery runtime: performs the deliveries the core's PutEvents decided (which rule, which
// target, which payload) by calling handlers the user registers per target, retrying failures per
// the target's RetryPolicy with exponential backoff on the emulator's clock, and sending exhausted
// events to the DeadLetterConfig queue. Every delivery is logged for deliveries().
//
// Time is the emulator's: with a manual clock, retries wait in a queue that advanceTime() drains
// in time order, so a day of retries runs in milliseconds and the same calls give the same
// schedule; with the real clock they are unref'd timers, so a pending retry never keeps Node alive.

/** One delivery as the core's `_Emulator.PutEvents` returns it. */
export interface CoreDelivery {
  eventId: string;
  busName: string;
  ruleArn: string;
  ruleName: string;
  targetId: string;
  targetArn: string;
  payload: string;
  retryPolicy: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } | null;
  deadLetterArn: string | null;
  dynamicParameters: Record<string, unknown>;
  event: string;
  /** The target is an event bus of this emulator: the core already re-put the event on it. */
  forwarded: boolean;
  hop: number;
}

export type DeliveryStatus = 'delivered' | 'failed' | 'dead-lettered';

/** An entry of deliveries(), as interfaces.md specifies it. */
export interface DeliveryRecord {
  eventId: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** The exact text the target receives. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** Only on 'dead-lettered' records: the SQS message attributes AWS sets on DLQ messages. */
  attributes?: DeadLetterAttributes;
}

export interface DeadLetterAttributes {
  RULE_ARN: string;
  TARGET_ARN: string;
  ERROR_CODE: string;
  ERROR_MESSAGE: string;
  EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';
  RETRY_ATTEMPTS: string;
}

/** What a handler receives besides the payload. Lambda targets also get Lambda's context members. */
export interface TargetContext {
  eventId: string;
  ruleArn: string;
  ruleName: string;
  targetId: string;
  targetArn: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The event as the bus saw it (before Input/InputPath/InputTransformer). */
  event: Record<string, unknown>;
  dynamicParameters: Record<string, unknown>;
  functionName?: string;
  invokedFunctionArn?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
  /** Set when the handler is a dead-letter queue's: the DLQ message attributes. */
  messageAttributes?: DeadLetterAttributes;
}

/**
 * A target's handler. Lambda targets receive the payload parsed as JSON (as Lambda hands the event
 * to a function); every other target receives the payload text (an SQS message body, an HTTP
 * body). Throwing or rejecting is a failed attempt.
 */
export type TargetHandler = (payload: any, context: TargetContext) => unknown;
export type TargetPredicate = (target: { targetArn: string; targetId: string; ruleArn: string }) => boolean;

/** The emulator clock the runtime reads and (manual clock only) moves. */
export interface RuntimeClock {
  now(): number;
  /** undefined with the real clock. */
  setNow?: (ms: number) => void;
}

// AWS defaults [M]: 185 retries, 24 hours.
const DEFAULT_MAX_RETRIES = 185;
const DEFAULT_MAX_AGE_SECONDS = 86400;
// Backoff: not published by AWS. This runtime doubles from 1 s up to 5 min per retry, with "equal
// jitter" (half fixed, half random), so 185 retries spread over roughly 15 hours.
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 5 * 60 * 1000;
// Lambda's default function timeout, for getRemainingTimeInMillis().
const LAMBDA_TIMEOUT_MS = 3000;

interface Timer {
  due: number;
  seq: number;
  run: () => void;
}

interface Pending {
  core: CoreDelivery;
  record: DeliveryRecord;
  ingestMs: number;
  attempts: number;
  lastError?: unknown;
}

// FNV-1a: a stable hash so that jitter on the manual clock depends only on what is retried.
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0;
    return (ch === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

// setImmediate where it exists (Node): setTimeout(0) waits at least 1 ms there, which made a
// manual-clock day of scheduled firings (1440 for rate(1 minute)) take seconds.
export function nextMacrotask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  return new Promise<void>((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

function isLambdaArn(arn: string): boolean {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(arn);
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : 'INVOCATION_FAILED';
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export class DeliveryRuntime {
  private readonly log: DeliveryRecord[] = [];
  private readonly byArn = new Map<string, TargetHandler>();
  private readonly predicates: { test: TargetPredicate; handler: TargetHandler }[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers: Timer[] = []; // manual clock only
  private seq = 0;

  constructor(private readonly clock: RuntimeClock) {}

  private get manual(): boolean {
    return this.clock.setNow !== undefined;
  }

  /** Registers a handler; returns a function that removes it. An ARN handler replaces an earlier one. */
  onTarget(target: string | TargetPredicate, handler: TargetHandler): () => void {
    if (typeof target === 'string') {
      this.byArn.set(target, handler);
      return () => {
        if (this.byArn.get(target) === handler) this.byArn.delete(target);
      };
    }
    const entry = { test: target, handler };
    this.predicates.push(entry);
    return () => {
      const i = this.predicates.indexOf(entry);
      if (i >= 0) this.predicates.splice(i, 1);
    };
  }

  /** Every delivery so far, oldest first (copies). A delivery appears once its first attempt ended. */
  deliveries(): DeliveryRecord[] {
    return this.log.filter((r) => r.attempts > 0).map((r) => ({ ...r }));
  }

  /** Starts the deliveries of one PutEvents call; `ingestMs` is the call's emulator time. */
  enqueue(deliveries: CoreDelivery[], ingestMs: number): void {
    for (const core of deliveries) {
      const record: DeliveryRecord = {
        eventId: core.eventId,
        ruleArn: core.ruleArn,
        targetId: core.targetId,
        targetArn: core.targetArn,
        payload: core.payload,
        status: 'failed',
        attempts: 0,
      };
      this.log.push(record);
      const pending: Pending = { core, record, ingestMs, attempts: 0 };
      // Asynchronous, as in AWS: putEvents() answers before any target runs. A macrotask (not a
      // microtask) so that the caller's `await putEvents()` resumes first; tracked from now on,
      // so flush() waits for it.
      this.track(nextMacrotask().then(() => this.attempt(pending)));
    }
  }

  /**
   * Schedules `run` at emulator time `dueMs`: queued for advanceTime()/flush() on a manual clock,
   * an unref'd timer on the real clock. Also for other emulator-time work (scheduled rules).
   */
  scheduleAt(dueMs: number, run: () => void | Promise<void>): void {
    const wrapped = () => this.track(Promise.resolve().then(run));
    if (this.manual) {
      this.timers.push({ due: dueMs, seq: this.seq++, run: wrapped });
      return;
    }
    const t = setTimeout(wrapped, Math.max(0, dueMs - this.clock.now()));
    (t as { unref?: () => void }).unref?.();
  }

  /** Resolves when every delivery started so far has finished, including retries already due. */
  async flush(): Promise<void> {
    for (;;) {
      await this.settle();
      const due = this.popDue(this.clock.now());
      if (!due) return;
      due.run();
    }
  }

  /** Manual clock: moves time forward by `ms`, running every timer that falls due, in time order. */
  async advanceTime(ms: number): Promise<void> {
    if (!this.clock.setNow) throw new Error("advanceTime() needs an emulator created with clock: 'manual'");
    if (!(ms >= 0)) throw new RangeError('advanceTime(ms): ms must be a non-negative number');
    const target = this.clock.now() + ms;
    for (;;) {
      await this.settle();
      const next = this.popDue(target);
      if (!next) break;
      if (next.due > this.clock.now()) this.clock.setNow(next.due);
      next.run();
    }
    this.clock.setNow(target);
    await this.flush();
  }

  // The earliest manual timer due at or before `limit` (ties in scheduling order), removed.
  private popDue(limit: number): Timer | undefined {
    let best = -1;
    for (let i = 0; i < this.timers.length; i++) {
      const t = this.timers[i];
      if (t.due > limit) continue;
      const b = this.timers[best];
      if (best < 0 || t.due < b.due || (t.due === b.due && t.seq < b.seq)) best = i;
    }
    return best < 0 ? undefined : this.timers.splice(best, 1)[0];
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private handlerFor(core: { targetArn: string; targetId: string; ruleArn: string }): TargetHandler | undefined {
    const exact = this.byArn.get(core.targetArn);
    if (exact) return exact;
    return this.predicates.find((p) => p.test(core))?.handler;
  }

  private context(core: CoreDelivery, attempt: number): TargetContext {
    const ctx: TargetContext = {
      eventId: core.eventId,
      ruleArn: core.ruleArn,
      ruleName: core.ruleName,
      targetId: core.targetId,
      targetArn: core.targetArn,
      attempt,
      event: JSON.parse(core.event),
      dynamicParameters: core.dynamicParameters ?? {},
    };
    if (isLambdaArn(core.targetArn)) {
      const deadline = this.clock.now() + LAMBDA_TIMEOUT_MS;
      ctx.functionName = core.targetArn.split(':')[6];
      ctx.invokedFunctionArn = core.targetArn;
      ctx.awsRequestId = randomId();
      ctx.getRemainingTimeInMillis = () => Math.max(0, deadline - this.clock.now());
    }
    return ctx;
  }

  private async attempt(p: Pending): Promise<void> {
    p.attempts += 1;
    const handler = p.core.forwarded ? undefined : this.handlerFor(p.core);
    try {
      if (handler) {
        let payload: unknown = p.core.payload;
        if (isLambdaArn(p.core.targetArn)) {
          try {
            payload = JSON.parse(p.core.payload);
          } catch {
            payload = p.core.payload; // not JSON: Lambda would get the text
          }
        }
        await handler(payload, this.context(p.core, p.attempts));
      }
      p.record.attempts = p.attempts;
      p.record.status = 'delivered';
    } catch (err) {
      p.lastError = err;
      p.record.attempts = p.attempts;
      p.record.status = 'failed';
      this.retryOrGiveUp(p);
    }
  }

  private retryOrGiveUp(p: Pending): void {
    const policy = p.core.retryPolicy ?? {};
    const maxRetries = policy.MaximumRetryAttempts ?? DEFAULT_MAX_RETRIES;
    const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
    const retriesDone = p.attempts - 1;
    if (retriesDone >= maxRetries) return this.exhausted(p, 'MaximumRetryAttempts');
    const due = this.clock.now() + this.backoff(p);
    // The retry would come after the event's maximum age: the event expires instead.
    if (due - p.ingestMs > maxAgeMs) return this.exhausted(p, 'MaximumEventAgeInSeconds');
    this.scheduleAt(due, () => this.attempt(p));
  }

  // Delay before retry number `p.attempts` (1 = the first retry).
  private backoff(p: Pending): number {
    const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(30, p.attempts - 1));
    const unit = this.manual
      ? hash32(`${p.core.ruleArn}|${p.core.targetId}|${p.attempts}`) / 0x100000000
      : Math.random();
    return Math.round(exp / 2 + (unit * exp) / 2);
  }

  private exhausted(p: Pending, condition: DeadLetterAttributes['EXHAUSTED_RETRY_CONDITION']): void {
    const dlq = p.core.deadLetterArn;
    if (!dlq) return; // no DeadLetterConfig: AWS drops the event
    const attributes: DeadLetterAttributes = {
      RULE_ARN: p.core.ruleArn,
      TARGET_ARN: p.core.targetArn,
      ERROR_CODE: errorCode(p.lastError),
      ERROR_MESSAGE: errorMessage(p.lastError),
      EXHAUSTED_RETRY_CONDITION: condition,
      RETRY_ATTEMPTS: String(p.attempts - 1),
    };
    const record: DeliveryRecord = {
      eventId: p.core.eventId,
      ruleArn: p.core.ruleArn,
      targetId: p.core.targetId,
      targetArn: dlq,
      payload: p.core.payload,
      status: 'dead-lettered',
      attempts: 1,
      attributes,
    };
    this.log.push(record);
    // A handler on the queue sees the message; its failure is AWS's InvocationsFailedToBeSentToDLQ
    // and is not retried.
    const handler = this.handlerFor({ targetArn: dlq, targetId: p.core.targetId, ruleArn: p.core.ruleArn });
    if (handler) {
      const ctx = { ...this.context({ ...p.core, targetArn: dlq }, 1), messageAttributes: attributes };
      this.track(Promise.resolve().then(() => handler(p.core.payload, ctx)) as Promise<void>);
    }
  }
}
