// The in-process EventBridge: every control-plane operation is a synchronous method named as the
// AWS SDK v3 command (without "Command", camelCase), taking and returning the SDK's shapes. All of
// them go through the core's one dispatcher, the same one the HTTP endpoint and playground use.
import { EventBridgeServiceError, errorFromBody } from './errors.js';
import {
  EbwModule,
  EmulatorHandle,
  InitOptions,
  ModuleClient,
  attachClient,
  describeFailure,
  init,
  isModuleFailure,
  replaceFailedModule,
  wasm,
} from './wasm-module.js';
import {
  CoreDelivery,
  DeliveryRecord,
  DeliveryRuntime,
  TargetHandler,
  TargetPredicate,
} from './delivery.js';
import { CoreBatch, DeliveryPump } from './delivery-pump.js';
import { StateJournal, changesState } from './state-journal.js';
import { ScheduleInfo, ScheduleRunner } from './schedules.js';
// --- templates (i17): loadTemplate / onFunction; the loader itself is imported on first use ---
import type { LoadTemplateOptions, LoadTemplateReport } from '../templates/types.js';
import type { StackRegistry } from '../templates/load.js';
import { functionNameOfArn, invokeNameFor, matchesFunction } from '../templates/function-names.js';
// --- end templates ---

export interface EventBridgeOptions extends InitOptions {
  accountId?: string;
  region?: string;
  /** 'real' (default): wall-clock time. 'manual': time moves only through advanceTime(). */
  clock?: 'real' | 'manual';
  /** Start of a manual clock (default: now). */
  startTime?: Date;
}

// Members that the wire protocol carries as epoch seconds and the SDK exposes as Date.
const TIMESTAMP_MEMBERS = new Set(['CreationTime', 'LastModifiedTime', 'Time', 'EventTime']);

function toWire(input: unknown): string {
  try {
    return JSON.stringify(input ?? {}, function replacer(this: Record<string, unknown>, key, value) {
      const raw = this[key];
      if (raw instanceof Date) return raw.getTime() / 1000;
      return value;
    });
  } catch (e) {
    // JSON.stringify recurses: a request nested deeper than the JavaScript stack allows gets the
    // answer the core gives a request nested too deeply (it was a 500 "Maximum call stack size
    // exceeded", which SDKs retry).
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw errorFromBody({ __type: 'SerializationException', message: 'Request body is nested too deeply.' }, 400);
    }
    throw e;
  }
}

/** The error a call that made the WebAssembly module fail answers (the module was replaced). */
function moduleFailureBody(operation: string, cause: unknown): string {
  const message =
    `The WebAssembly module failed during ${operation} (${describeFailure(cause)}). It was ` +
    'restarted and the state before this call restored; the call was not applied.';
  try {
    return JSON.stringify({ __type: 'InternalException', message });
  } catch {
    // Even this can fail when the failure was a stack overflow and the stack is still nearly full.
    return '{"__type":"InternalException","message":"The WebAssembly module failed; it was restarted and the call was not applied."}';
  }
}

/** The dispatcher's answer when memory ran out: the instance's heap cannot shrink, so it is replaced. */
function isOutOfMemory(r: { status: number; body: string }): boolean {
  return r.status === 500 && r.body.includes('"std::bad_alloc"');
}

function fromWire(body: string): Record<string, unknown> {
  if (!body) return {};
  return JSON.parse(body, (key, value) =>
    TIMESTAMP_MEMBERS.has(key) && typeof value === 'number' ? new Date(value * 1000) : value,
  );
}

type Output = Record<string, unknown> & { $metadata: { httpStatusCode: number } };

// Operations after which the scheduled rules are re-read (the schedule runner's sync()).
const SCHEDULE_CHANGING = new Set(['PutRule', 'DeleteRule', 'EnableRule', 'DisableRule', 'DeleteEventBus']);

/** Which rule triggerSchedule() and nextFireTimes() mean: EventBusName defaults to `default`. */
export interface ScheduleTarget {
  EventBusName?: string;
}

/** triggerSchedule()'s answer: the id of the Scheduled Event it sent. */
export interface TriggerScheduleOutput {
  EventId: string;
  $metadata: { httpStatusCode: number };
}

interface FireScheduleOutput {
  EventId: string;
  deliveries: CoreDelivery[];
  $metadata: { httpStatusCode: number };
}

export interface PutEventsOutput {
  FailedEntryCount: number;
  Entries: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
  $metadata: { httpStatusCode: number };
}

// PutEventsRequestEntry.Time as the SDK accepts it (Date, epoch seconds, or date text) to the
// wire's epoch seconds. Text the Date parser rejects is sent as is, for the core to refuse.
function entryTimeToWire(time: unknown): unknown {
  if (time instanceof Date) return time.getTime() / 1000;
  if (typeof time === 'string') {
    const ms = Date.parse(time);
    return Number.isNaN(ms) ? time : ms / 1000;
  }
  return time;
}

export class EventBridge implements ModuleClient {
  readonly accountId: string;
  readonly region: string;
  protected handle: EmulatorHandle;
  private module: EbwModule;
  private manualNow: number | undefined;
  private readonly runtime: DeliveryRuntime;
  private readonly schedules: ScheduleRunner;
  private disposed = false;
  /** Stacks loaded by loadTemplate() (templates, i17). */
  private readonly stacks: StackRegistry = new Map();
  // Recovery from a failure of the WebAssembly module (see rebind()).
  private readonly createdMs: number;
  private readonly journal = new StateJournal();
  private readonly detach: () => void;
  // PutEvents deliveries still coming from the core, in batches.
  private readonly pump: DeliveryPump;

  protected constructor(options: EventBridgeOptions) {
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    if (options.clock === 'manual') this.manualNow = (options.startTime ?? new Date()).getTime();
    // The default event bus is created with the emulator: its CreationTime is this moment.
    this.createdMs = this.now();
    this.module = wasm();
    this.handle = new this.module.Emulator(this.accountId, this.region, this.createdMs);
    this.detach = attachClient(this);
    this.pump = new DeliveryPump({
      next: (cursor) => {
        const r = this.core('_Emulator.NextDeliveries', JSON.stringify({ Cursor: cursor }));
        const body = JSON.parse(r.body);
        if (r.status >= 300) throw errorFromBody(body, r.status);
        return body as { batch: CoreBatch; cursor?: string };
      },
      enqueue: (deliveries, ingestMs) => this.runtime.enqueue(deliveries, ingestMs),
    });
    this.runtime = new DeliveryRuntime({
      now: () => this.now(),
      setNow: this.manualNow === undefined ? undefined : (ms: number) => this.setManualNow(ms),
    });
    this.schedules = new ScheduleRunner({
      now: () => this.now(),
      manualClock: this.manualNow !== undefined,
      scheduleAt: (dueMs, run) => this.runtime.scheduleAt(dueMs, run),
      listSchedules: () => (this.send('_Emulator.ListSchedules') as unknown as { Schedules: ScheduleInfo[] }).Schedules,
      nextFireTimes: (rule, afterMs, count) =>
        this.coreNextFireTimes(rule.Name, rule.EventBusName, afterMs, count),
      fire: (rule, timeMs) => {
        this.fireSchedule(rule.Name, rule.EventBusName, timeMs);
      },
    });
  }

  /** Loads the WebAssembly module (once) and creates an emulator with the default event bus. */
  static async create(options: EventBridgeOptions = {}): Promise<EventBridge> {
    await init(options);
    return new EventBridge(options);
  }

  /** The emulator's current time in epoch milliseconds. */
  now(): number {
    return this.manualNow ?? Date.now();
  }

  protected setManualNow(ms: number): void {
    this.manualNow = ms;
  }

  get isManualClock(): boolean {
    return this.manualNow !== undefined;
  }

  /** Sends one AWS operation (PascalCase request members) and returns its output. */
  send(operation: string, input: unknown = {}): Output {
    const r = this.core(operation, toWire(input));
    const body = fromWire(r.body);
    if (r.status >= 300) {
      throw errorFromBody(body as unknown as { __type: string; message: string }, r.status);
    }
    if (SCHEDULE_CHANGING.has(operation)) this.schedules.sync();
    return { ...body, $metadata: { httpStatusCode: r.status } } as Output;
  }

  /** The raw dispatcher: JSON text in, status and JSON text out (used by the HTTP endpoint). */
  dispatch(operation: string, requestJson: string): { status: number; body: string } {
    const r = this.core(operation, requestJson);
    if (r.status < 300 && SCHEDULE_CHANGING.has(operation)) this.schedules.sync();
    return r;
  }

  /** The whole state (buses, rules, targets, tags, policies) as JSON text. */
  exportState(): string {
    const out = this.guarded('exportState', () => this.handle.exportState(this.now()));
    if (out.startsWith('{"__type"')) throw errorFromBody(JSON.parse(out));
    return out;
  }

  /** Replaces the whole state with an exportState() document. */
  importState(state: string): void {
    const error = this.guarded('importState', () => this.handle.importState(state, this.now()));
    if (error) throw errorFromBody(JSON.parse(error));
    this.journal.reset(state);
    this.schedules.sync();
  }

  // ---- the one way into the core, and recovery when the WebAssembly module fails ----

  // One dispatcher call. A call that makes the module fail answers 500 InternalException, after
  // the module was replaced and this emulator's state rebuilt as it was before the call.
  private core(operation: string, requestJson: string): { status: number; body: string } {
    this.ensureBound();
    const nowMs = this.now();
    let r: { status: number; body: string };
    try {
      r = this.handle.call(operation, requestJson, nowMs);
    } catch (e) {
      if (!isModuleFailure(e)) throw e;
      this.recover();
      return { status: 500, body: moduleFailureBody(operation, e) };
    }
    if (isOutOfMemory(r)) {
      this.recover();
      return { status: 500, body: moduleFailureBody(operation, 'out of memory: std::bad_alloc') };
    }
    if (r.status < 300 && changesState(operation)) {
      this.journal.record(operation, requestJson, nowMs);
      if (this.journal.long) this.compactJournal();
    }
    return r;
  }

  // Folds the journal into a fresh snapshot. Should the export itself fail, the journal stays as
  // it is (and the state was rebuilt from it).
  private compactJournal(): void {
    try {
      this.journal.reset(this.exportState());
    } catch {
      /* kept: the entries still describe the state */
    }
  }

  // exportState/importState through the same recovery: the error a failing one throws.
  private guarded(what: string, run: () => string): string {
    this.ensureBound();
    try {
      return run();
    } catch (e) {
      if (!isModuleFailure(e)) throw e;
      this.recover();
      return moduleFailureBody(what, e);
    }
  }

  private recover(): void {
    // Rebinds every live EventBridge and Matcher, this one too; what cannot be done now (the
    // stack may still be nearly full) is done before this emulator's next call.
    replaceFailedModule(this.module);
    try {
      this.ensureBound();
    } catch {
      /* retried by the next call */
    }
  }

  // Rebuilds this emulator when the module was replaced since it was built (or replaces a failed
  // module first).
  private ensureBound(): void {
    const mod = wasm();
    if (mod !== this.module) this.rebind(mod);
  }

  /**
   * ModuleClient: the module failed (here or in another object) and `mod` replaces it. Builds this
   * emulator again in `mod`: a fresh emulator, the last snapshot of the state, then the calls that
   * changed it since, at the clock readings they ran at. Never calls into the old instance.
   */
  rebind(mod: EbwModule): void {
    if (this.disposed) return;
    const handle = new mod.Emulator(this.accountId, this.region, this.createdMs);
    try {
      this.journal.replay(
        (state) => {
          const error = handle.importState(state, this.now());
          if (error) throw errorFromBody(JSON.parse(error));
        },
        (operation, request, nowMs) => handle.call(operation, request, nowMs),
      );
    } catch (e) {
      handle.delete();
      throw e;
    }
    this.module = mod;
    this.handle = handle;
    // Deliveries still waiting in the old instance are gone with it.
    const lost = this.pump.abandon();
    if (lost) {
      // eslint-disable-next-line no-console
      console.warn(`eventbridge-wasm: the deliveries of ${lost} PutEvents call(s) still being handed over were lost with the failed WebAssembly module`);
    }
    this.schedules.sync();
  }

  putRule(input: unknown) { return this.send('PutRule', input); }
  describeRule(input: unknown) { return this.send('DescribeRule', input); }
  deleteRule(input: unknown) { return this.send('DeleteRule', input); }
  enableRule(input: unknown) { return this.send('EnableRule', input); }
  disableRule(input: unknown) { return this.send('DisableRule', input); }
  listRules(input: unknown = {}) { return this.send('ListRules', input); }
  putTargets(input: unknown) { return this.send('PutTargets', input); }
  removeTargets(input: unknown) { return this.send('RemoveTargets', input); }
  listTargetsByRule(input: unknown) { return this.send('ListTargetsByRule', input); }
  listRuleNamesByTarget(input: unknown) { return this.send('ListRuleNamesByTarget', input); }
  createEventBus(input: unknown) { return this.send('CreateEventBus', input); }
  updateEventBus(input: unknown) { return this.send('UpdateEventBus', input); }
  deleteEventBus(input: unknown) { return this.send('DeleteEventBus', input); }
  describeEventBus(input: unknown = {}) { return this.send('DescribeEventBus', input); }
  listEventBuses(input: unknown = {}) { return this.send('ListEventBuses', input); }
  putPermission(input: unknown) { return this.send('PutPermission', input); }
  removePermission(input: unknown) { return this.send('RemovePermission', input); }
  tagResource(input: unknown) { return this.send('TagResource', input); }
  untagResource(input: unknown) { return this.send('UntagResource', input); }
  listTagsForResource(input: unknown) { return this.send('ListTagsForResource', input); }

  /** TestEventPattern: `EventPattern` and `Event` are JSON text, exactly as the SDK sends them. */
  testEventPattern(input: { EventPattern: string; Event: string }): { Result: boolean } & Output {
    return this.send('TestEventPattern', input) as { Result: boolean } & Output;
  }

  /**
   * PutEvents: returns AWS's output (per-entry EventId or ErrorCode/ErrorMessage); the matching
   * rules' targets receive their payloads afterwards, asynchronously (see onTarget, flush).
   */
  async putEvents(input: { Entries: Record<string, unknown>[]; EndpointId?: string }): Promise<PutEventsOutput> {
    const entries = Array.isArray(input?.Entries)
      ? input.Entries.map((e) =>
          e && typeof e === 'object' && 'Time' in e ? { ...e, Time: entryTimeToWire(e.Time) } : e,
        )
      : input?.Entries;
    const r = this.putEventsWire(toWire({ ...input, Entries: entries }));
    const body = JSON.parse(r.body);
    if (r.status >= 300) throw errorFromBody(body, r.status);
    return { ...body, $metadata: { httpStatusCode: r.status } };
  }

  /**
   * PutEvents on the wire's JSON (what the HTTP endpoint receives), answering AWS's output as JSON
   * text: the request is handed to the core as it is, never re-serialised. The deliveries start
   * as with putEvents().
   */
  putEventsWire(requestJson: string): { status: number; body: string } {
    const ingestMs = this.now();
    const r = this.core('_Emulator.PutEvents', requestJson);
    if (r.status >= 300) return r;
    const out = JSON.parse(r.body) as { response: unknown; batch: CoreBatch; cursor?: string };
    // The first batch now, the rest (if any) one batch per macrotask: never all at once.
    this.pump.start(out.batch, out.cursor, ingestMs);
    return { status: r.status, body: JSON.stringify(out.response) };
  }

  /**
   * Registers the code a target runs: `target` is a target ARN (Lambda function, SQS queue, ...,
   * or a DeadLetterConfig queue) or a predicate. Returns a function that unregisters it.
   */
  onTarget(target: string | TargetPredicate, handler: TargetHandler): () => void {
    return this.runtime.onTarget(target, handler);
  }

  // --- templates (i17) ---
  /**
   * Creates the event buses, rules, targets and bus policies a template declares (CloudFormation,
   * SAM, CDK-synthesized JSON, a serverless.yml, a Terraform plan), through the same operations as
   * the SDK, and reports what it created and skipped. Loading a stack again (same stackName) updates
   * it: rules it no longer has are deleted, changed ones replaced, events and rules created by API
   * calls are kept. Rejects with a TemplateError when the template cannot be loaded at all.
   */
  async loadTemplate(template: string | object, options: LoadTemplateOptions = {}): Promise<LoadTemplateReport> {
    const { loadTemplate } = await import('../templates/load.js');
    const send = (operation: string, input: Record<string, any>) => this.send(operation, input) as Record<string, any>;
    return loadTemplate({ accountId: this.accountId, region: this.region, send }, this.stacks, template, options);
  }

  /**
   * Registers the handler of a Lambda function named by a loaded template: by logical id
   * (`OrderHandler`) or by function name (`shop-dev-orders`); any qualifier (alias, version) of it.
   * A name no template knows is matched as a function name, for rules created by API calls.
   */
  onFunction(name: string, handler: TargetHandler): () => void {
    return this.runtime.onTarget((t) => {
      const fn = functionNameOfArn(t.targetArn);
      return fn !== undefined && matchesFunction(this.stacks, name, fn);
    }, handler);
  }

  /**
   * The name a local Lambda endpoint answers to for a function name in a target ARN: the logical id
   * for SAM / CloudFormation / CDK templates (`sam local start-lambda`), the function name for
   * Serverless (serverless-offline) and for functions no template names.
   */
  lambdaInvokeName(functionName: string): string {
    return invokeNameFor(this.stacks, functionName);
  }
  // --- end templates ---

  /** Every delivery so far, oldest first, with its final (or latest) status and attempt count. */
  deliveries(): DeliveryRecord[] {
    return this.runtime.deliveries();
  }

  /** Resolves when every delivery started so far has finished, including retries already due. */
  async flush(): Promise<void> {
    // A handler may put more events, whose deliveries come in batches again.
    do {
      await this.pump.drained();
      await this.runtime.flush();
    } while (this.pump.pending);
  }

  /**
   * Manual clock only: moves time forward, running every retry and scheduled-rule firing that falls
   * due, in time order.
   */
  async advanceTime(ms: number): Promise<void> {
    await this.pump.drained();
    await this.runtime.advanceTime(ms);
    await this.flush();
  }

  /**
   * Fires a scheduled rule now, as its schedule would (the Scheduled Event's time is now), without
   * moving the clock or the rule's regular firings. Resolves with the event's id; its targets
   * receive their payloads afterwards, as after putEvents. Rejects with ResourceNotFoundException
   * for a missing rule, ValidationException for a rule without a schedule or a DISABLED one.
   */
  async triggerSchedule(ruleName: string, options: ScheduleTarget = {}): Promise<TriggerScheduleOutput> {
    const out = this.fireSchedule(ruleName, options?.EventBusName, this.now());
    return { EventId: out.EventId, $metadata: out.$metadata };
  }

  /**
   * The next `n` times a scheduled rule fires, strictly after now (UTC instants, ascending). Empty
   * for a DISABLED rule. Throws ResourceNotFoundException for a missing rule, ValidationException
   * for a rule without a schedule.
   */
  nextFireTimes(ruleName: string, n: number, options: ScheduleTarget = {}): Date[] {
    if (n === 0) return [];
    return this.coreNextFireTimes(ruleName, options?.EventBusName, this.now(), n).map((t) => new Date(t));
  }

  private coreNextFireTimes(name: string, bus: string | undefined, afterMs: number, count: number): number[] {
    const req = { Name: name, ...(bus === undefined ? {} : { EventBusName: bus }), After: Math.floor(afterMs), Count: count };
    return (this.send('_Emulator.NextFireTimes', req) as unknown as { Times: number[] }).Times;
  }

  // One firing of a scheduled rule (its occurrence at `timeMs`), delivered like PutEvents' events.
  private fireSchedule(name: string, bus: string | undefined, timeMs: number): FireScheduleOutput {
    const ingestMs = this.now();
    const req = { Name: name, ...(bus === undefined ? {} : { EventBusName: bus }), Time: Math.floor(timeMs) };
    const out = this.send('_Emulator.FireSchedule', req) as unknown as FireScheduleOutput;
    this.runtime.enqueue(out.deliveries, ingestMs);
    return out;
  }

  /** Runs `run` at emulator time `dueMs` (manual clock: when advanceTime() reaches it). */
  protected scheduleAt(dueMs: number, run: () => void | Promise<void>): void {
    this.runtime.scheduleAt(dueMs, run);
  }

  /**
   * Stops the scheduled rules (clears the real-clock timer) and frees the WebAssembly memory held by
   * this emulator. Calling it again does nothing.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.schedules.dispose();
    this.pump.abandon();
    this.detach();
    try {
      this.handle.delete();
    } catch (e) {
      // An instance that failed (and was not replaced yet) is garbage anyway.
      if (!isModuleFailure(e)) throw e;
    }
  }
}

export { EventBridgeServiceError };
