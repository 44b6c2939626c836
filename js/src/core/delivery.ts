// The delivery runtime: performs the deliveries the core's PutEvents decided (which rule, which
// target, which payload) by calling handlers the user registers per target, and records every
// attempt. Who retries a failure depends on the target and the failure, as in AWS:
//
// - Any target that cannot be invoked (the handler throws TargetInvocationError: unreachable,
//   throttled, missing, no permission): EventBridge retries per the target's RetryPolicy with
//   exponential backoff, then sends the event to its DeadLetterConfig queue (missing resource and
//   missing permission skip the retries [UG eb-rule-dlq.md]).
// - A Lambda function target: invoked asynchronously, so once its handler is called the delivery
//   has succeeded; a handler that throws anything else is a function error, retried as Lambda's
//   asynchronous invocation does (lambda-async.ts), then sent to the function's on-failure
//   destination, never to the target's DLQ.
// - Any other target whose handler throws: a failed delivery, retried per RetryPolicy, then DLQ.
//
// Pending retries belong to their target: cancelWhere() drops them (recorded `cancelled`) when the
// target, its rule or its rule's ENABLED state goes away.
//
// Time is the emulator's: with a manual clock, retries wait in a queue that advanceTime() drains
// in time order, so a day of retries runs in milliseconds and the same calls give the same
// schedule; with the real clock they are unref'd timers, so a pending retry never keeps Node alive.
import { TargetInvocationError, errorCode, errorText, isInvocationError } from './delivery-errors.js';
import { DeliveryLog, DeliveryLogLimits, validateLogLimits } from './delivery-log.js';
import {
  FailureCondition,
  FunctionConfig,
  LAMBDA_DEFAULTS,
  LAMBDA_RETRY_DELAYS_MS,
  ResolvedFunctionConfig,
  invocationRecord,
  resolveFunctionConfig,
} from './lambda-async.js';
import { isLambdaArn, lambdaArnProblem, parseLambdaArn } from './lambda-arn.js';

export { TargetInvocationError };

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

/**
 * - `pending`: the first attempt has not ended yet
 * - `retrying`: an attempt failed and another is scheduled (`nextAttemptAt`, `retriedBy`)
 * - `delivered`: the target (or, for Lambda, the function) took it
 * - `failed`: retries exhausted (or not retriable) and no dead-letter queue
 * - `dead-lettered`: retries exhausted (or not retriable) and sent to the target's DLQ; also the
 *   status of the DLQ message's own record
 * - `unhandled`: no handler or endpoint for the target: nobody received it
 * - `cancelled`: its pending retry was dropped (target removed, rule deleted or disabled, or
 *   cancelPendingRetries())
 */
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed' | 'dead-lettered' | 'unhandled' | 'cancelled';

/** One call of a target's handler. */
export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  /** When it started (ISO 8601, emulator time). */
  time: string;
  /** EventBridge invoking the target, or Lambda re-running the function after a function error. */
  by: 'eventbridge' | 'lambda';
  result: 'delivered' | 'unhandled' | 'failed' | 'function-error';
  error?: string;
  /** When the next attempt runs, if one is scheduled. */
  nextAttemptAt?: string;
}

/** An entry of deliveries(), as interfaces.md specifies it, with what a user needs to follow it. */
export interface DeliveryRecord {
  /** Increasing over the emulator's life: page with deliveries({ after: id }). */
  id: number;
  eventId: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** The exact text the target receives. */
  payload: string;
  status: DeliveryStatus;
  /** Handler calls so far. */
  attempts: number;
  /** The last error text, with its cause (`ECONNREFUSED 127.0.0.1:3002`, `404 Function not found: audit`). */
  error?: string;
  /** While `retrying`: when the next attempt runs (ISO 8601, emulator time). */
  nextAttemptAt?: string;
  /** While `retrying`: EventBridge (RetryPolicy) or Lambda (asynchronous invocation, after a function error). */
  retriedBy?: 'eventbridge' | 'lambda';
  /** Every attempt, oldest first. */
  history: DeliveryAttempt[];
  /** Set on the records of messages sent to a dead-letter queue or to a function's on-failure destination. */
  destination?: 'dead-letter-queue' | 'on-failure';
  /** Only on dead-letter records: the SQS message attributes AWS sets on DLQ messages. */
  attributes?: DeadLetterAttributes;
}

export interface DeadLetterAttributes {
  RULE_ARN: string;
  TARGET_ARN: string;
  ERROR_CODE: string;
  ERROR_MESSAGE: string;
  /** Absent when the error was not retried (missing resource or permission). */
  EXHAUSTED_RETRY_CONDITION?: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';
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
  /** The exact payload text (Lambda handlers receive it parsed as their first argument). */
  payloadText: string;
  dynamicParameters: Record<string, unknown>;
  functionName?: string;
  invokedFunctionArn?: string;
  /** Lambda's request id: the same for Lambda's retries of one event. */
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
  /** Set when the handler is a dead-letter queue's: the DLQ message attributes. */
  messageAttributes?: DeadLetterAttributes;
}

/**
 * A target's handler. Lambda targets receive the payload parsed as JSON (as Lambda hands the event
 * to a function); every other target receives the payload text (an SQS message body, an HTTP
 * body). Throwing or rejecting is a failed attempt (see the file comment for who retries it).
 */
export type TargetHandler = (payload: any, context: TargetContext) => unknown;
export type TargetPredicate = (target: { targetArn: string; targetId: string; ruleArn: string }) => boolean;

/** What onDelivery() listeners receive: after every attempt, and when a record changes otherwise. */
export interface DeliveryEvent {
  type: 'attempt' | 'cancelled' | 'dead-lettered' | 'on-failure';
  /** A copy of the record after the change. */
  record: DeliveryRecord;
  /** For 'attempt': the attempt that just ended. */
  attempt?: DeliveryAttempt;
}

/** The emulator clock the runtime reads and (manual clock only) moves. */
export interface RuntimeClock {
  now(): number;
  /** undefined with the real clock. */
  setNow?: (ms: number) => void;
}

export interface RuntimeOptions {
  deliveryLog?: Partial<DeliveryLogLimits>;
  /** Puts an event on one of this emulator's buses (for on-failure destinations that are buses). */
  putToBus?: (busArn: string, entry: Record<string, unknown>) => Promise<void>;
}

/** How the runtime learns whether a pending retry's target still exists (see cancelOrphaned). */
export type RuleLookup = (ruleArn: string) => { enabled: boolean; targets: Map<string, string> } | undefined;

// AWS defaults [M]: 185 retries (186 attempts), 24 hours.
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
  /** Handler calls so far. */
  attempts: number;
  /** Calls made while EventBridge was invoking (before a Lambda function accepted the event). */
  invokeAttempts: number;
  lastError?: unknown;
  /** Set once a Lambda function accepted the event and failed: Lambda retries from then on. */
  lambda?: { acceptedMs: number; functionErrors: number };
  requestId?: string;
  /** Cancels the scheduled next attempt. */
  cancelTimer?: () => void;
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
function nextMacrotask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  return new Promise<void>((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

const iso = (ms: number) => new Date(ms).toISOString();

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  return typeof v;
}

function copyRecord(r: DeliveryRecord): DeliveryRecord {
  const c: DeliveryRecord = { ...r, history: r.history.map((h) => ({ ...h })) };
  if (r.attributes) c.attributes = { ...r.attributes };
  return c;
}

// What an attempt's history entry costs in the log's byte budget (roughly).
function attemptBytes(a: DeliveryAttempt): number {
  return 120 + (a.error?.length ?? 0);
}

function isBusArn(arn: string): boolean {
  return /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//.test(arn);
}

export class DeliveryRuntime {
  private readonly log: DeliveryLog<DeliveryRecord>;
  private readonly byArn = new Map<string, TargetHandler>();
  private readonly predicates: { test: TargetPredicate; handler: TargetHandler }[] = [];
  private readonly functions = new Map<string, ResolvedFunctionConfig>();
  private readonly listeners = new Set<(e: DeliveryEvent) => void>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Deliveries waiting for a scheduled retry (what cancelWhere() can drop). */
  private readonly waiting = new Set<Pending>();
  private readonly timers: Timer[] = []; // manual clock only
  private seq = 0;

  constructor(
    private readonly clock: RuntimeClock,
    private readonly options: RuntimeOptions = {},
  ) {
    this.log = new DeliveryLog(validateLogLimits(options.deliveryLog));
  }

  private get manual(): boolean {
    return this.clock.setNow !== undefined;
  }

  /**
   * Registers a handler; returns a function that removes it. An ARN handler replaces an earlier
   * one. Throws TypeError for a handler that is not a function, RangeError for a Lambda ARN that
   * AWS would not accept (so a typo cannot silently match nothing).
   */
  onTarget(target: string | TargetPredicate, handler: TargetHandler): () => void {
    if (typeof handler !== 'function') {
      throw new TypeError(`onTarget(target, handler): handler must be a function, not ${describeValue(handler)}`);
    }
    if (typeof target === 'string') {
      if (!target.startsWith('arn:')) {
        throw new RangeError(`onTarget(target, handler): target must be an ARN (arn:...) or a predicate function, not ${JSON.stringify(target)}`);
      }
      if (isLambdaArn(target) && !parseLambdaArn(target)) {
        throw new RangeError(`onTarget: ${target} is not a valid Lambda function ARN: ${lambdaArnProblem(target)}`);
      }
      this.byArn.set(target, handler);
      return () => {
        if (this.byArn.get(target) === handler) this.byArn.delete(target);
      };
    }
    if (typeof target !== 'function') {
      throw new TypeError(`onTarget(target, handler): target must be an ARN or a predicate function, not ${describeValue(target)}`);
    }
    const entry = { test: target, handler };
    this.predicates.push(entry);
    return () => {
      const i = this.predicates.indexOf(entry);
      if (i >= 0) this.predicates.splice(i, 1);
    };
  }

  /** Sets a Lambda function's asynchronous-invocation retry configuration (functionArn validated by the caller). */
  configureFunction(functionArn: string, config: FunctionConfig): ResolvedFunctionConfig {
    const resolved = resolveFunctionConfig(config, this.functions.get(functionArn));
    this.functions.set(functionArn, resolved);
    return { ...resolved };
  }

  /** Calls `listener` after every attempt and status change; returns a function that removes it. */
  onDelivery(listener: (e: DeliveryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The delivery log, oldest first (copies); `after` and `limit` page through it. */
  deliveries(options: { after?: number; limit?: number } = {}): DeliveryRecord[] {
    return this.log.list(options.after ?? 0, options.limit ?? Infinity).map(copyRecord);
  }

  /** Empties the delivery log (pending retries keep running; their records are no longer listed). Returns how many records it held. */
  clearDeliveries(): number {
    const n = this.log.size;
    this.log.clear();
    return n;
  }

  /** Starts the deliveries of one batch; `ingestMs` is the PutEvents call's emulator time. May be called several times per call. */
  enqueue(deliveries: CoreDelivery[], ingestMs: number): void {
    for (const core of deliveries) {
      const record = this.log.add(
        {
          id: 0,
          eventId: core.eventId,
          ruleArn: core.ruleArn,
          targetId: core.targetId,
          targetArn: core.targetArn,
          payload: core.payload,
          status: 'pending',
          attempts: 0,
          history: [],
        },
        core.payload.length,
      );
      const pending: Pending = { core, record, ingestMs, attempts: 0, invokeAttempts: 0 };
      // Asynchronous, as in AWS: putEvents() answers before any target runs. A macrotask (not a
      // microtask) so that the caller's `await putEvents()` resumes first; tracked from now on,
      // so flush() waits for it.
      this.track(nextMacrotask().then(() => this.attempt(pending)));
    }
  }

  /**
   * Schedules `run` at emulator time `dueMs`: queued for advanceTime()/flush() on a manual clock,
   * an unref'd timer on the real clock. Also for other emulator-time work (scheduled rules).
   * Returns a function that cancels it.
   */
  scheduleAt(dueMs: number, run: () => void | Promise<void>): () => void {
    const wrapped = () => this.track(Promise.resolve().then(run));
    if (this.manual) {
      const timer: Timer = { due: dueMs, seq: this.seq++, run: wrapped };
      this.timers.push(timer);
      return () => {
        const i = this.timers.indexOf(timer);
        if (i >= 0) this.timers.splice(i, 1);
      };
    }
    const t = setTimeout(wrapped, Math.max(0, dueMs - this.clock.now()));
    (t as { unref?: () => void }).unref?.();
    return () => clearTimeout(t);
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

  /** Drops the pending retries whose delivery matches `which`, recording them `cancelled`. Returns how many. */
  cancelWhere(which: (core: CoreDelivery) => string | false): number {
    let count = 0;
    for (const p of [...this.waiting]) {
      const reason = which(p.core);
      if (reason === false) continue;
      this.waiting.delete(p);
      p.cancelTimer?.();
      p.cancelTimer = undefined;
      const last = p.record.error;
      p.record.status = 'cancelled';
      p.record.error = last ? `${reason}; last error: ${last}` : reason;
      delete p.record.nextAttemptAt;
      delete p.record.retriedBy;
      this.emit({ type: 'cancelled', record: p.record });
      count++;
    }
    return count;
  }

  /**
   * Drops the pending retries whose target is gone: its rule deleted or disabled, the target
   * removed or pointed at another ARN. `lookup` answers for a rule ARN (called once per rule);
   * `concerned` limits the check to the deliveries an operation may have affected.
   */
  cancelOrphaned(lookup: RuleLookup, concerned: (core: CoreDelivery) => boolean = () => true): number {
    if (this.waiting.size === 0) return 0;
    const cache = new Map<string, ReturnType<RuleLookup>>();
    return this.cancelWhere((core) => {
      if (!concerned(core)) return false;
      if (!cache.has(core.ruleArn)) cache.set(core.ruleArn, lookup(core.ruleArn));
      const rule = cache.get(core.ruleArn);
      if (!rule) return `cancelled: rule ${core.ruleName} was deleted`;
      if (!rule.enabled) return `cancelled: rule ${core.ruleName} was disabled`;
      const arn = rule.targets.get(core.targetId);
      if (arn === undefined) return `cancelled: target ${core.targetId} was removed from rule ${core.ruleName}`;
      if (arn !== core.targetArn) return `cancelled: target ${core.targetId} of rule ${core.ruleName} now points at ${arn}`;
      return false;
    });
  }

  /** How many deliveries wait for a retry. */
  get pendingRetries(): number {
    return this.waiting.size;
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

  private emit(e: DeliveryEvent): void {
    if (this.listeners.size === 0) return;
    const event: DeliveryEvent = { ...e, record: copyRecord(e.record) };
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  private handlerFor(core: { targetArn: string; targetId: string; ruleArn: string }): TargetHandler | undefined {
    const exact = this.byArn.get(core.targetArn);
    if (exact) return exact;
    // A qualified function ARN (alias or version) falls back to the function's handler.
    const fn = parseLambdaArn(core.targetArn);
    if (fn?.qualifier) {
      const unqualified = this.byArn.get(fn.unqualifiedArn);
      if (unqualified) return unqualified;
    }
    return this.predicates.find((p) => p.test(core))?.handler;
  }

  private functionConfig(arn: string): ResolvedFunctionConfig {
    const fn = parseLambdaArn(arn);
    return this.functions.get(arn) ?? (fn ? this.functions.get(fn.unqualifiedArn) : undefined) ?? LAMBDA_DEFAULTS;
  }

  private context(core: CoreDelivery, attempt: number, requestId?: string): TargetContext {
    const ctx: TargetContext = {
      eventId: core.eventId,
      ruleArn: core.ruleArn,
      ruleName: core.ruleName,
      targetId: core.targetId,
      targetArn: core.targetArn,
      attempt,
      event: JSON.parse(core.event),
      payloadText: core.payload,
      dynamicParameters: core.dynamicParameters ?? {},
    };
    const fn = parseLambdaArn(core.targetArn);
    if (fn) {
      const deadline = this.clock.now() + LAMBDA_TIMEOUT_MS;
      ctx.functionName = fn.name;
      ctx.invokedFunctionArn = core.targetArn;
      ctx.awsRequestId = requestId ?? randomId();
      ctx.getRemainingTimeInMillis = () => Math.max(0, deadline - this.clock.now());
    }
    return ctx;
  }

  // Lambda functions receive the payload parsed (as Lambda hands the event to a function).
  private handlerPayload(arn: string, payload: string): unknown {
    if (!isLambdaArn(arn)) return payload;
    try {
      return JSON.parse(payload);
    } catch {
      return payload; // not JSON: Lambda would get the text
    }
  }

  private async attempt(p: Pending): Promise<void> {
    if (p.record.status === 'cancelled') return;
    this.waiting.delete(p);
    p.cancelTimer = undefined;
    p.attempts += 1;
    const startedMs = this.clock.now();
    const by = p.lambda ? 'lambda' : 'eventbridge';
    if (!p.lambda) p.invokeAttempts += 1;
    const handler = p.core.forwarded ? undefined : this.handlerFor(p.core);
    if (!handler) {
      // An event-bus target was forwarded by the core; anything else simply has nobody listening.
      const result = p.core.forwarded ? 'delivered' : 'unhandled';
      const error = p.core.forwarded ? undefined : `no handler or endpoint for ${p.core.targetArn} (register one with onTarget, or serve --target / --lambda-endpoint)`;
      this.finishAttempt(p, startedMs, by, result, error);
      p.record.status = result;
      if (error) p.record.error = error;
      this.emitAttempt(p);
      return;
    }
    if (p.lambda === undefined && parseLambdaArn(p.core.targetArn)) p.requestId ??= randomId();
    try {
      await handler(this.handlerPayload(p.core.targetArn, p.core.payload), this.context(p.core, p.attempts, p.requestId));
      this.finishAttempt(p, startedMs, by, 'delivered');
      p.record.status = 'delivered';
      delete p.record.nextAttemptAt;
      delete p.record.retriedBy;
      this.emitAttempt(p);
    } catch (err) {
      p.lastError = err;
      p.record.error = errorText(err);
      const lambdaTarget = parseLambdaArn(p.core.targetArn) !== undefined;
      if (p.lambda) {
        p.lambda.functionErrors += 1;
        this.lambdaRetryOrGiveUp(p, startedMs);
      } else if (lambdaTarget && !isInvocationError(err)) {
        // The function was invoked (EventBridge's delivery succeeded) and failed: Lambda's to retry.
        p.lambda = { acceptedMs: startedMs, functionErrors: 1 };
        this.lambdaRetryOrGiveUp(p, startedMs);
      } else {
        this.retryOrGiveUp(p, startedMs);
      }
    }
  }

  private finishAttempt(
    p: Pending,
    startedMs: number,
    by: DeliveryAttempt['by'],
    result: DeliveryAttempt['result'],
    error?: string,
    nextMs?: number,
  ): void {
    const a: DeliveryAttempt = { attempt: p.attempts, time: iso(startedMs), by, result };
    if (error !== undefined) a.error = error;
    if (nextMs !== undefined) a.nextAttemptAt = iso(nextMs);
    p.record.history.push(a);
    p.record.attempts = p.attempts;
    this.log.grow(p.record, attemptBytes(a));
  }

  private emitAttempt(p: Pending): void {
    this.emit({ type: 'attempt', record: p.record, attempt: p.record.history[p.record.history.length - 1] });
  }

  private scheduleRetry(p: Pending, dueMs: number, retriedBy: 'eventbridge' | 'lambda'): void {
    p.record.status = 'retrying';
    p.record.nextAttemptAt = iso(dueMs);
    p.record.retriedBy = retriedBy;
    this.waiting.add(p);
    p.cancelTimer = this.scheduleAt(dueMs, () => this.attempt(p));
  }

  private retryOrGiveUp(p: Pending, startedMs: number): void {
    const err = p.lastError;
    const text = p.record.error;
    if (isInvocationError(err) && !err.retriable) {
      this.finishAttempt(p, startedMs, 'eventbridge', 'failed', text);
      return this.exhausted(p, undefined);
    }
    const policy = p.core.retryPolicy ?? {};
    const maxRetries = policy.MaximumRetryAttempts ?? DEFAULT_MAX_RETRIES;
    const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
    const retriesDone = p.invokeAttempts - 1;
    if (retriesDone >= maxRetries) {
      this.finishAttempt(p, startedMs, 'eventbridge', 'failed', text);
      return this.exhausted(p, 'MaximumRetryAttempts');
    }
    // [i18, API destinations] A Retry-After header (retryAfterMs on the error) is the least wait.
    const retryAfter = (err as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
    const due = this.clock.now() + Math.max(this.backoff(p), typeof retryAfter === 'number' ? retryAfter : 0);
    // The retry would come after the event's maximum age: the event expires instead.
    if (due - p.ingestMs > maxAgeMs) {
      this.finishAttempt(p, startedMs, 'eventbridge', 'failed', text);
      return this.exhausted(p, 'MaximumEventAgeInSeconds');
    }
    this.finishAttempt(p, startedMs, 'eventbridge', 'failed', text, due);
    this.scheduleRetry(p, due, 'eventbridge');
    this.emitAttempt(p);
  }

  // Delay before EventBridge's retry number `p.invokeAttempts` (1 = the first retry).
  private backoff(p: Pending): number {
    const n = p.invokeAttempts;
    const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(30, n - 1));
    const unit = this.manual ? hash32(`${p.core.ruleArn}|${p.core.targetId}|${n}`) / 0x100000000 : Math.random();
    return Math.round(exp / 2 + (unit * exp) / 2);
  }

  private exhausted(p: Pending, condition: DeadLetterAttributes['EXHAUSTED_RETRY_CONDITION']): void {
    delete p.record.nextAttemptAt;
    delete p.record.retriedBy;
    const dlq = p.core.deadLetterArn;
    if (!dlq) {
      p.record.status = 'failed'; // no DeadLetterConfig: AWS drops the event
      this.emitAttempt(p);
      return;
    }
    p.record.status = 'dead-lettered';
    this.emitAttempt(p);
    const attributes: DeadLetterAttributes = {
      RULE_ARN: p.core.ruleArn,
      TARGET_ARN: p.core.targetArn,
      ERROR_CODE: errorCode(p.lastError),
      ERROR_MESSAGE: errorText(p.lastError),
      ...(condition ? { EXHAUSTED_RETRY_CONDITION: condition } : {}),
      RETRY_ATTEMPTS: String(p.invokeAttempts - 1),
    };
    // A handler on the queue sees the message; its failure is AWS's InvocationsFailedToBeSentToDLQ
    // and is not retried.
    this.sendToDestination(p, dlq, p.core.payload, 'dead-letter-queue', attributes);
  }

  private lambdaRetryOrGiveUp(p: Pending, startedMs: number): void {
    const lambda = p.lambda!;
    const config = this.functionConfig(p.core.targetArn);
    const retriesDone = lambda.functionErrors - 1;
    const by = retriesDone === 0 && p.attempts === p.invokeAttempts ? 'eventbridge' : 'lambda';
    if (retriesDone >= config.maximumRetryAttempts) {
      this.finishAttempt(p, startedMs, by, 'function-error', p.record.error);
      return this.functionExhausted(p, 'RetriesExhausted', config);
    }
    const delay = LAMBDA_RETRY_DELAYS_MS[Math.min(retriesDone, LAMBDA_RETRY_DELAYS_MS.length - 1)];
    const due = this.clock.now() + delay;
    if (due - lambda.acceptedMs > config.maximumEventAgeInSeconds * 1000) {
      this.finishAttempt(p, startedMs, by, 'function-error', p.record.error);
      return this.functionExhausted(p, 'EventAgeExceeded', config);
    }
    this.finishAttempt(p, startedMs, by, 'function-error', p.record.error, due);
    this.scheduleRetry(p, due, 'lambda');
    this.emitAttempt(p);
  }

  private functionExhausted(p: Pending, condition: FailureCondition, config: ResolvedFunctionConfig): void {
    delete p.record.nextAttemptAt;
    delete p.record.retriedBy;
    p.record.status = 'failed';
    this.emitAttempt(p);
    if (!config.onFailure) return; // no destination: Lambda discards the event
    const record = invocationRecord({
      timeMs: this.clock.now(),
      requestId: p.requestId ?? randomId(),
      functionArn: p.core.targetArn,
      condition,
      invokeCount: p.lambda!.functionErrors,
      payload: p.core.payload,
      error: p.lastError,
      errorText: p.record.error ?? '',
    });
    this.sendToDestination(p, config.onFailure, JSON.stringify(record), 'on-failure');
  }

  // One message to a dead-letter queue or an on-failure destination: recorded, and handed to the
  // destination's handler (or, for a bus of this emulator, put on it). Never retried.
  private sendToDestination(
    p: Pending,
    arn: string,
    payload: string,
    destination: 'dead-letter-queue' | 'on-failure',
    attributes?: DeadLetterAttributes,
  ): void {
    const dead = destination === 'dead-letter-queue';
    const record = this.log.add(
      {
        id: 0,
        eventId: p.core.eventId,
        ruleArn: p.core.ruleArn,
        targetId: p.core.targetId,
        targetArn: arn,
        payload,
        status: dead ? 'dead-lettered' : 'pending',
        attempts: 1,
        history: [],
        destination,
        ...(attributes ? { attributes } : {}),
      },
      payload.length,
    );
    const startedMs = this.clock.now();
    const done = (result: DeliveryAttempt['result'], error?: string) => {
      const a: DeliveryAttempt = { attempt: 1, time: iso(startedMs), by: dead ? 'eventbridge' : 'lambda', result };
      if (error) {
        a.error = error;
        record.error = error;
      }
      record.history.push(a);
      if (!dead) record.status = result === 'delivered' ? 'delivered' : result === 'unhandled' ? 'unhandled' : 'failed';
      this.log.grow(record, attemptBytes(a));
      this.emit({ type: dead ? 'dead-lettered' : 'on-failure', record, attempt: a });
    };
    const target = { targetArn: arn, targetId: p.core.targetId, ruleArn: p.core.ruleArn };
    const handler = this.handlerFor(target);
    if (!handler && !dead && isBusArn(arn) && this.options.putToBus) {
      const entry = {
        Source: 'lambda',
        DetailType: 'Lambda Function Invocation Result - Failure',
        Detail: payload,
        Resources: [arn, p.core.targetArn],
      };
      this.track(this.options.putToBus(arn, entry).then(() => done('delivered'), (e) => done('failed', errorText(e))));
      return;
    }
    if (!handler) {
      // A DLQ message is kept on its record even when nobody listens on the queue.
      done('unhandled', `no handler or endpoint for ${arn}`);
      return;
    }
    const ctx: TargetContext = {
      ...this.context({ ...p.core, targetArn: arn, payload }, 1),
      ...(attributes ? { messageAttributes: attributes } : {}),
    };
    this.track(
      Promise.resolve()
        .then(() => handler(this.handlerPayload(arn, payload), ctx))
        .then(
          () => done('delivered'),
          (e) => done('failed', `${dead ? 'could not be sent to the dead-letter queue' : 'could not be sent to the on-failure destination'}: ${errorText(e)}`),
        ),
    );
  }
}
