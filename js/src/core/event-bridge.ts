// The in-process EventBridge: every control-plane operation is a synchronous method named as the
// AWS SDK v3 command (without "Command", camelCase), taking and returning the SDK's shapes, typed
// with the SDK's own types (../types/operations.ts). All of them go through the core's one
// dispatcher (each through its own method of the WebAssembly Emulator), the same one the HTTP
// endpoint and playground use.
import { DisposedError, EventBridgeServiceError, errorFromBody } from './errors.js';
import {
  EbwModule,
  EbwResponse,
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
import type { OperationInput, OperationName, OperationOutput } from '../types/operations.js';
import {
  CoreDelivery,
  DeliveryEvent,
  DeliveryRecord,
  DeliveryRuntime,
  TargetHandler,
  TargetPredicate,
} from './delivery.js';
import { CoreBatch, DeliveryPump } from './delivery-pump.js';
import { StateJournal, changesState } from './state-journal.js';
import type { DeliveryLogLimits } from './delivery-log.js';
import { FunctionConfig, ResolvedFunctionConfig, functionArnOf } from './lambda-async.js';
import { TARGET_CHANGING, concernedBy, coreRuleLookup } from './retry-ownership.js';
import { ScheduleInfo, ScheduleRunner } from './schedules.js';
// --- templates (i17): loadTemplate / onFunction; the loader itself is imported on first use ---
import type { LoadTemplateOptions, LoadTemplateReport } from '../templates/types.js';
import type { StackRegistry } from '../templates/load.js';
import { functionNameOfArn, invokeNameFor, matchesFunction } from '../templates/function-names.js';
// --- end templates ---
// --- archives, replays, API destinations (i18) ---
import { ApiDestinationInvoker } from './api-destinations.js';
import { HttpRequest, ResolvedApiDestination, TargetHttpParameters, isApiDestinationArn } from './api-destination-request.js';
import { ReplayRunner } from './replays.js';

export interface EventBridgeOptions extends InitOptions {
  accountId?: string;
  region?: string;
  /** 'real' (default): wall-clock time. 'manual': time moves only through advanceTime(). */
  clock?: 'real' | 'manual';
  /** Start of a manual clock (default: now). */
  startTime?: Date;
  /** Bounds of the deliveries() log, a ring (defaults: 10,000 records, 64 MiB). */
  deliveryLog?: Partial<DeliveryLogLimits>;
}

// Members that the wire protocol carries as epoch seconds and the SDK exposes as Date.
const TIMESTAMP_MEMBERS = new Set([
  'CreationTime',
  'LastModifiedTime',
  'Time',
  'EventTime',
  // archives, replays, connections
  'EventStartTime',
  'EventEndTime',
  'EventLastReplayedTime',
  'ReplayStartTime',
  'ReplayEndTime',
  'LastAuthorizedTime',
]);

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

// The Emulator's method for an operation: its name in camelCase (bindings/embind.cpp).
type OperationMethod = (this: EmulatorHandle, requestJson: string, nowMs: number) => EbwResponse;
const methodOf = (mod: EbwModule, operation: string): OperationMethod =>
  (mod.Emulator.prototype as unknown as Record<string, OperationMethod>)[
    operation.charAt(0).toLowerCase() + operation.slice(1)
  ];

// Operations after which the scheduled rules are re-read (the schedule runner's sync()).
const SCHEDULE_CHANGING = new Set(['PutRule', 'DeleteRule', 'EnableRule', 'DisableRule', 'DeleteEventBus']);
// Operations after which the replay runner looks for replays to step.
const REPLAY_CHANGING = new Set(['StartReplay', 'CancelReplay']);
// See stateChanged(): a change outside the journal stands for this much of a snapshot's cost.
const SNAPSHOT_CHARS_PER_CHANGE = 64 * 1024;

/** PutEvents' output as the SDK types it, with the two members AWS always returns made required. */
export type PutEventsOutput = OperationOutput<'PutEvents'> &
  Required<Pick<OperationOutput<'PutEvents'>, 'Entries' | 'FailedEntryCount'>>;

/** TestEventPattern's output as the SDK types it, with `Result` (always returned) required. */
export type TestEventPatternOutput = OperationOutput<'TestEventPattern'> & { Result: boolean };

/** Which rule triggerSchedule() and nextFireTimes() mean: EventBusName defaults to `default`. */
export interface ScheduleTarget {
  EventBusName?: string;
}

/** triggerSchedule()'s answer: the id of the Scheduled Event it sent. */
export interface TriggerScheduleOutput {
  EventId: string;
  $metadata: { httpStatusCode: number };
}

// _Emulator.StepReplay's answer: the replay's state and its deliveries as a first batch.
interface StepReplayOutput {
  State: string;
  batch: CoreBatch;
  cursor?: string;
}

interface FireScheduleOutput {
  EventId: string;
  deliveries: CoreDelivery[];
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
  private readonly replays: ReplayRunner<StepReplayOutput>;
  private readonly apiDestinations: ApiDestinationInvoker;
  // Real clock: work queued for a later time that flush() must wait for (paced API destination
  // deliveries, replay steps).
  private readonly waiting = new Set<Promise<void>>();
  private readonly stateListeners = new Set<() => void>();
  private disposed = false;
  /** Stacks loaded by loadTemplate() (templates, i17). */
  private readonly stacks: StackRegistry = new Map();
  // Recovery from a failure of the WebAssembly module (see rebind()).
  private readonly createdMs: number;
  private readonly journal = new StateJournal();
  // Changes outside the journal since its snapshot was taken (see stateChanged()).
  private changesSinceSnapshot = 0;
  private readonly detach: () => void;
  // PutEvents deliveries still coming from the core, in batches.
  private readonly pump: DeliveryPump;

  protected constructor(options: EventBridgeOptions) {
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    if (options.clock === 'manual') this.manualNow = (options.startTime ?? new Date()).getTime();
    // The default event bus is created with the emulator: its CreationTime is this moment.
    this.createdMs = this.clock();
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
      enqueue: (deliveries, ingestMs) => this.enqueue(deliveries, ingestMs),
    });
    this.runtime = new DeliveryRuntime(
      {
        now: () => this.clock(),
        setNow: this.manualNow === undefined ? undefined : (ms: number) => this.setManualNow(ms),
      },
      {
        deliveryLog: options.deliveryLog,
        putToBus: async (busArn, entry) => {
          const out = await this.putEvents({ Entries: [{ ...entry, EventBusName: busArn }] });
          const failed = out.Entries[0];
          if (out.FailedEntryCount) throw new Error(`${failed?.ErrorCode}: ${failed?.ErrorMessage}`);
        },
      },
    );
    this.schedules = new ScheduleRunner({
      now: () => this.clock(),
      manualClock: this.manualNow !== undefined,
      scheduleAt: (dueMs, run) => this.runtime.scheduleAt(dueMs, run),
      listSchedules: () => (this.send('_Emulator.ListSchedules') as unknown as { Schedules: ScheduleInfo[] }).Schedules,
      nextFireTimes: (rule, afterMs, count) =>
        this.coreNextFireTimes(rule.Name, rule.EventBusName, afterMs, count),
      fire: (rule, timeMs) => {
        this.fireSchedule(rule.Name, rule.EventBusName, timeMs);
      },
    });
    this.apiDestinations = new ApiDestinationInvoker({
      now: () => this.now(),
      resolve: (arn) =>
        this.send('_Emulator.ResolveApiDestination', { ApiDestinationArn: arn }) as unknown as ResolvedApiDestination,
      setAuthorization: (arn, authorized, reason) => {
        this.send('_Emulator.SetConnectionAuthorization', { ConnectionArn: arn, Authorized: authorized, StateReason: reason });
        this.stateChanged();
      },
    });
    // API destination targets without a handler of their own: a real HTTP request.
    this.runtime.onTarget(
      (t) => isApiDestinationArn(t.targetArn),
      (payload, ctx) => this.apiDestinations.invoke(ctx.targetArn, String(payload), httpParametersOf(ctx.dynamicParameters)),
    );
    this.replays = new ReplayRunner<StepReplayOutput>({
      now: () => this.now(),
      later: (dueMs, run) => this.later(dueMs, run),
      listUnfinished: () => (this.send('_Emulator.ListUnfinishedReplays') as unknown as { Replays: string[] }).Replays,
      step: (name) => this.send('_Emulator.StepReplay', { ReplayName: name }) as unknown as StepReplayOutput,
      // In batches, as PutEvents' deliveries.
      deliver: (step, ingestMs) => this.pump.start(step.batch, step.cursor, ingestMs),
      changed: () => this.stateChanged(),
    });
  }

  /** Loads the WebAssembly module (once) and creates an emulator with the default event bus. */
  static async create(options: EventBridgeOptions = {}): Promise<EventBridge> {
    await init(options);
    return new EventBridge(options);
  }

  /** The emulator's current time in epoch milliseconds. */
  now(): number {
    this.live();
    return this.clock();
  }

  // The clock without the disposal check (the delivery runtime and schedules read it too).
  private clock(): number {
    return this.manualNow ?? Date.now();
  }

  protected setManualNow(ms: number): void {
    this.manualNow = ms;
  }

  get isManualClock(): boolean {
    return this.manualNow !== undefined;
  }

  /**
   * Sends one AWS operation by name (PascalCase request members) and returns its output: typed as
   * the SDK types the command for the operations this class has methods for, untyped otherwise.
   */
  send<K extends OperationName>(operation: K, input: OperationInput<K>): OperationOutput<K>;
  send(operation: string, input?: unknown): Output;
  send(operation: string, input: unknown = {}): Output {
    return this.answer(operation, this.core(operation, toWire(input)), input);
  }

  // An operation through its own Emulator method.
  private run<K extends OperationName>(operation: K, input: OperationInput<K> | undefined): OperationOutput<K> {
    const r = this.core(operation, toWire(input), true);
    return this.answer(operation, r, input) as unknown as OperationOutput<K>;
  }

  // The core's answer as the SDK's output (or its error, thrown).
  private answer(operation: string, r: EbwResponse, input: unknown): Output {
    const body = fromWire(r.body);
    if (r.status >= 300) {
      throw errorFromBody(body as unknown as { __type: string; message: string }, r.status);
    }
    this.afterChange(operation, input);
    return { ...body, $metadata: { httpStatusCode: r.status } } as Output;
  }

  /** The raw dispatcher: JSON text in, status and JSON text out (used by the HTTP endpoint). */
  dispatch(operation: string, requestJson: string): { status: number; body: string } {
    const r = this.core(operation, requestJson);
    if (r.status < 300) this.afterChange(operation, requestJson);
    return r;
  }

  // After a successful operation: re-read the schedules, drop retries whose target went away.
  private afterChange(operation: string, request: unknown): void {
    if (SCHEDULE_CHANGING.has(operation)) this.schedules.sync();
    if (REPLAY_CHANGING.has(operation)) this.replays.sync();
    if (!TARGET_CHANGING.has(operation) || this.runtime.pendingRetries === 0) return;
    const input = (typeof request === 'string' ? JSON.parse(request) : request) as Record<string, unknown>;
    const lookup = coreRuleLookup((op, json) => this.core(op, json));
    this.runtime.cancelOrphaned(lookup, concernedBy(operation, input ?? {}));
  }

  /** The whole state (buses, rules, targets, tags, policies) as JSON text. */
  exportState(): string {
    this.live();
    const out = this.guarded('exportState', () => this.handle.exportState(this.clock()));
    if (out.startsWith('{"__type"')) throw errorFromBody(JSON.parse(out));
    return out;
  }

  /** Replaces the whole state with an exportState() document. */
  importState(state: string): void {
    this.live();
    const error = this.guarded('importState', () => this.handle.importState(state, this.clock()));
    if (error) throw errorFromBody(JSON.parse(error));
    this.journal.reset(state);
    this.schedules.sync();
    this.replays.sync();
  }

  // ---- the one way into the core, and recovery when the WebAssembly module fails ----

  // One dispatcher call (`byMethod`: through the operation's own Emulator method, else call()).
  // A call that makes the module fail answers 500 InternalException, after the module was
  // replaced and this emulator's state rebuilt as it was before the call.
  private core(operation: string, requestJson: string, byMethod = false): EbwResponse {
    this.live();
    this.ensureBound();
    const nowMs = this.clock();
    let r: EbwResponse;
    try {
      r = byMethod
        ? methodOf(this.module, operation).call(this.handle, requestJson, nowMs)
        : this.handle.call(operation, requestJson, nowMs);
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
    this.changesSinceSnapshot = 0;
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
          const error = handle.importState(state, this.clock());
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
    this.replays.sync();
  }

  // One line per operation: the SDK's command input and output (../types/operations.ts).
  putRule(input: OperationInput<'PutRule'>) { return this.run('PutRule', input); }
  describeRule(input: OperationInput<'DescribeRule'>) { return this.run('DescribeRule', input); }
  deleteRule(input: OperationInput<'DeleteRule'>) { return this.run('DeleteRule', input); }
  enableRule(input: OperationInput<'EnableRule'>) { return this.run('EnableRule', input); }
  disableRule(input: OperationInput<'DisableRule'>) { return this.run('DisableRule', input); }
  listRules(input: OperationInput<'ListRules'> = {}) { return this.run('ListRules', input); }
  putTargets(input: OperationInput<'PutTargets'>) { return this.run('PutTargets', input); }
  removeTargets(input: OperationInput<'RemoveTargets'>) { return this.run('RemoveTargets', input); }
  listTargetsByRule(input: OperationInput<'ListTargetsByRule'>) { return this.run('ListTargetsByRule', input); }
  listRuleNamesByTarget(input: OperationInput<'ListRuleNamesByTarget'>) { return this.run('ListRuleNamesByTarget', input); }
  createEventBus(input: OperationInput<'CreateEventBus'>) { return this.run('CreateEventBus', input); }
  updateEventBus(input: OperationInput<'UpdateEventBus'> = {}) { return this.run('UpdateEventBus', input); }
  deleteEventBus(input: OperationInput<'DeleteEventBus'>) { return this.run('DeleteEventBus', input); }
  describeEventBus(input: OperationInput<'DescribeEventBus'> = {}) { return this.run('DescribeEventBus', input); }
  listEventBuses(input: OperationInput<'ListEventBuses'> = {}) { return this.run('ListEventBuses', input); }
  putPermission(input: OperationInput<'PutPermission'> = {}) { return this.run('PutPermission', input); }
  removePermission(input: OperationInput<'RemovePermission'> = {}) { return this.run('RemovePermission', input); }
  tagResource(input: OperationInput<'TagResource'>) { return this.run('TagResource', input); }
  untagResource(input: OperationInput<'UntagResource'>) { return this.run('UntagResource', input); }
  listTagsForResource(input: OperationInput<'ListTagsForResource'>) { return this.run('ListTagsForResource', input); }

  // ---- archives, replays, connections, API destinations ----
  createArchive(input: OperationInput<'CreateArchive'>) { return this.run('CreateArchive', input); }
  describeArchive(input: OperationInput<'DescribeArchive'>) { return this.run('DescribeArchive', input); }
  updateArchive(input: OperationInput<'UpdateArchive'>) { return this.run('UpdateArchive', input); }
  deleteArchive(input: OperationInput<'DeleteArchive'>) { return this.run('DeleteArchive', input); }
  listArchives(input: OperationInput<'ListArchives'> = {}) { return this.run('ListArchives', input); }
  startReplay(input: OperationInput<'StartReplay'>) { return this.run('StartReplay', input); }
  describeReplay(input: OperationInput<'DescribeReplay'>) { return this.run('DescribeReplay', input); }
  cancelReplay(input: OperationInput<'CancelReplay'>) { return this.run('CancelReplay', input); }
  listReplays(input: OperationInput<'ListReplays'> = {}) { return this.run('ListReplays', input); }
  createConnection(input: OperationInput<'CreateConnection'>) { return this.run('CreateConnection', input); }
  describeConnection(input: OperationInput<'DescribeConnection'>) { return this.run('DescribeConnection', input); }
  updateConnection(input: OperationInput<'UpdateConnection'>) { return this.run('UpdateConnection', input); }
  deleteConnection(input: OperationInput<'DeleteConnection'>) { return this.run('DeleteConnection', input); }
  listConnections(input: OperationInput<'ListConnections'> = {}) { return this.run('ListConnections', input); }
  deauthorizeConnection(input: OperationInput<'DeauthorizeConnection'>) { return this.run('DeauthorizeConnection', input); }
  createApiDestination(input: OperationInput<'CreateApiDestination'>) { return this.run('CreateApiDestination', input); }
  describeApiDestination(input: OperationInput<'DescribeApiDestination'>) { return this.run('DescribeApiDestination', input); }
  updateApiDestination(input: OperationInput<'UpdateApiDestination'>) { return this.run('UpdateApiDestination', input); }
  deleteApiDestination(input: OperationInput<'DeleteApiDestination'>) { return this.run('DeleteApiDestination', input); }
  listApiDestinations(input: OperationInput<'ListApiDestinations'> = {}) { return this.run('ListApiDestinations', input); }

  /**
   * Calls `listener` whenever the state changes outside a control-plane call: events captured by
   * an archive, a replay's step, an OAuth connection's authorization. (`serve --state` persists on
   * it.) Returns a function that removes the listener.
   */
  onStateChange(listener: () => void): () => void {
    this.live();
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** TestEventPattern: `EventPattern` and `Event` are JSON text, exactly as the SDK sends them. */
  testEventPattern(input: OperationInput<'TestEventPattern'>): TestEventPatternOutput {
    return this.run('TestEventPattern', input) as TestEventPatternOutput;
  }

  /**
   * PutEvents: returns AWS's output (per-entry EventId or ErrorCode/ErrorMessage); the matching
   * rules' targets receive their payloads afterwards, asynchronously (see onTarget, flush).
   */
  async putEvents(input: OperationInput<'PutEvents'>): Promise<PutEventsOutput> {
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
    const ingestMs = this.clock();
    const r = this.core('_Emulator.PutEvents', requestJson);
    if (r.status >= 300) return r;
    const out = JSON.parse(r.body) as { response: unknown; archived?: number; batch: CoreBatch; cursor?: string };
    // The first batch now, the rest (if any) one batch per macrotask: never all at once.
    this.pump.start(out.batch, out.cursor, ingestMs);
    if (out.archived) this.stateChanged();
    return { status: r.status, body: JSON.stringify(out.response) };
  }

  /**
   * Registers the code a target runs: `target` is a target ARN (Lambda function, SQS queue, ...,
   * or a DeadLetterConfig queue) or a predicate. Returns a function that unregisters it.
   */
  onTarget(target: string | TargetPredicate, handler: TargetHandler): () => void {
    this.live();
    if (typeof target === 'string' && isApiDestinationArn(target)) {
      // An API destination's handler receives the HTTP request as it would be sent (and may
      // answer { status } as the endpoint would) instead of the network.
      return this.runtime.onTarget(target, (payload, ctx) =>
        this.apiDestinations.invoke(target, String(payload), httpParametersOf(ctx.dynamicParameters), (request: HttpRequest) =>
          handler(request, ctx),
        ),
      );
    }
    return this.runtime.onTarget(target, handler);
  }

  // --- templates (i17) ---
  /**
   * Creates the event buses, rules, targets, bus policies, archives, connections and API
   * destinations a template declares (CloudFormation, SAM, CDK-synthesized JSON, a serverless.yml, a
   * Terraform plan), through the same operations as the SDK, applies its functions'
   * EventInvokeConfig as configureFunction() does, and reports what it created and skipped. Loading
   * a stack again (same stackName) updates it: rules it no longer has are deleted, changed ones
   * replaced (a dropped EventInvokeConfig puts Lambda's defaults back), events and rules created by
   * API calls are kept. Rejects with a TemplateError when the template cannot be loaded at all.
   */
  async loadTemplate(template: string | object, options: LoadTemplateOptions = {}): Promise<LoadTemplateReport> {
    const { loadTemplate } = await import('../templates/load.js');
    const send = (operation: string, input: Record<string, any>) => this.send(operation, input) as Record<string, any>;
    // A template's AWS::Lambda::EventInvokeConfig sets the function's asynchronous-invocation retries.
    const configureFunction = (arn: string, config: FunctionConfig) => void this.configureFunction(arn, config);
    return loadTemplate({ accountId: this.accountId, region: this.region, send, configureFunction }, this.stacks, template, options);
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

  /**
   * The delivery log, oldest first: every delivery with its current status, attempts, last error,
   * next attempt time and attempt history. The log is a ring (options.deliveryLog); `after` (a
   * record id) and `limit` page through it.
   */
  deliveries(options: { after?: number; limit?: number } = {}): DeliveryRecord[] {
    this.live();
    return this.runtime.deliveries(options);
  }

  /** Empties the delivery log (pending retries go on; see cancelPendingRetries). Returns how many records it held. */
  clearDeliveries(): number {
    this.live();
    return this.runtime.clearDeliveries();
  }

  /** Drops every pending retry (EventBridge's and Lambda's), recording each `cancelled`. Returns how many. */
  cancelPendingRetries(): number {
    this.live();
    return this.runtime.cancelWhere(() => 'cancelled by cancelPendingRetries()');
  }

  /** Calls `listener` after every delivery attempt and status change; returns a function that removes it. */
  onDelivery(listener: (event: DeliveryEvent) => void): () => void {
    this.live();
    return this.runtime.onDelivery(listener);
  }

  /**
   * A Lambda function's asynchronous invocation settings (Lambda's PutFunctionEventInvokeConfig):
   * how often Lambda retries a function error (`maximumRetryAttempts` 0-2, default 2), for how
   * long (`maximumEventAgeInSeconds` 60-21600, default 21600), and the `onFailure` destination ARN
   * that receives the invocation record afterwards. `fn` is a function ARN or a function name in
   * this emulator's account and region. Returns the settings now in effect.
   */
  configureFunction(fn: string, config: FunctionConfig): ResolvedFunctionConfig {
    this.live();
    return this.runtime.configureFunction(functionArnOf(fn, this.accountId, this.region), config);
  }

  /**
   * Resolves when every delivery started so far has finished, including retries already due. With
   * the real clock it also waits for running replays to finish and for deliveries held back by an
   * API destination's rate limit.
   */
  flush(): Promise<void> {
    this.live(); // throws at once after dispose(), as every method does
    return this.flushAll();
  }

  private async flushAll(): Promise<void> {
    for (;;) {
      // Deliveries still coming from the core in batches (a handler may put more events, whose
      // deliveries come in batches again).
      await this.pump.drained();
      await this.runtime.flush();
      if (this.pump.pending) continue;
      if (this.waiting.size === 0) return;
      await Promise.all([...this.waiting]);
    }
  }

  /**
   * Manual clock only: moves time forward, running every retry and scheduled-rule firing that falls
   * due, in time order.
   */
  advanceTime(ms: number): Promise<void> {
    this.live(); // throws at once after dispose(), as every method does
    return this.advance(ms);
  }

  private async advance(ms: number): Promise<void> {
    await this.pump.drained();
    await this.runtime.advanceTime(ms);
    // Events put by handlers meanwhile hand their deliveries over in batches: those too.
    while (this.pump.pending) {
      await this.pump.drained();
      await this.runtime.flush();
    }
  }

  /**
   * Fires a scheduled rule now, as its schedule would (the Scheduled Event's time is now), without
   * moving the clock or the rule's regular firings. Resolves with the event's id; its targets
   * receive their payloads afterwards, as after putEvents. Rejects with ResourceNotFoundException
   * for a missing rule, ValidationException for a rule without a schedule or a DISABLED one.
   */
  async triggerSchedule(ruleName: string, options: ScheduleTarget = {}): Promise<TriggerScheduleOutput> {
    const out = this.fireSchedule(ruleName, options?.EventBusName, this.clock());
    return { EventId: out.EventId, $metadata: out.$metadata };
  }

  /**
   * The next `n` times a scheduled rule fires, strictly after now (UTC instants, ascending). Empty
   * for a DISABLED rule. Throws ResourceNotFoundException for a missing rule, ValidationException
   * for a rule without a schedule.
   */
  nextFireTimes(ruleName: string, n: number, options: ScheduleTarget = {}): Date[] {
    this.live();
    if (n === 0) return [];
    return this.coreNextFireTimes(ruleName, options?.EventBusName, this.clock(), n).map((t) => new Date(t));
  }

  private coreNextFireTimes(name: string, bus: string | undefined, afterMs: number, count: number): number[] {
    const req = { Name: name, ...(bus === undefined ? {} : { EventBusName: bus }), After: Math.floor(afterMs), Count: count };
    return (this.send('_Emulator.NextFireTimes', req) as unknown as { Times: number[] }).Times;
  }

  // One firing of a scheduled rule (its occurrence at `timeMs`), delivered like PutEvents' events.
  private fireSchedule(name: string, bus: string | undefined, timeMs: number): FireScheduleOutput {
    const ingestMs = this.clock();
    const req = { Name: name, ...(bus === undefined ? {} : { EventBusName: bus }), Time: Math.floor(timeMs) };
    const out = this.send('_Emulator.FireSchedule', req) as unknown as FireScheduleOutput;
    this.enqueue(out.deliveries, ingestMs);
    return out;
  }

  // Hands deliveries to the runtime; those to an API destination start at their slot of its
  // InvocationRateLimitPerSecond (later ones wait on the emulator's clock).
  private enqueue(deliveries: CoreDelivery[], ingestMs: number): void {
    const now = this.now();
    const ready: CoreDelivery[] = [];
    for (const d of deliveries) {
      const slot = !d.forwarded && isApiDestinationArn(d.targetArn) ? this.apiDestinations.reserveSlot(d.targetArn, now) : now;
      if (slot <= now) ready.push(d);
      else this.later(slot, () => this.runtime.enqueue([d], ingestMs));
    }
    if (ready.length) this.runtime.enqueue(ready, ingestMs);
  }

  // Runs `run` at emulator time `dueMs`: on the manual clock when advanceTime() reaches it; on the
  // real clock as a timer that flush() waits for.
  private later(dueMs: number, run: () => void): void {
    if (this.isManualClock) {
      this.runtime.scheduleAt(dueMs, run);
      return;
    }
    let done!: () => void;
    const pending = new Promise<void>((resolve) => (done = resolve));
    this.waiting.add(pending);
    this.runtime.scheduleAt(dueMs, () => {
      try {
        if (!this.disposed) run();
      } finally {
        this.waiting.delete(pending);
        done();
      }
    });
  }

  // The state changed outside a control-plane call (archive capture, a replay step, a connection's
  // authorization): not replayable from the journal (event ids are random), so the snapshot a
  // failed module's replacement starts from is taken again. A snapshot costs the whole state, so
  // not after every change: once the changes since the last one make up for its length at
  // SNAPSHOT_CHARS_PER_CHANGE each (every change while the state is small). Taken every time, a
  // bus with a growing archive made each PutEvents cost the archive's size (4,000 events of 2 KB:
  // 75 ms per PutEvents at the end). What a module failure loses is the changes since the last one.
  private stateChanged(): void {
    this.changesSinceSnapshot += 1;
    if (this.changesSinceSnapshot * SNAPSHOT_CHARS_PER_CHANGE >= this.journal.snapshotLength) this.compactJournal();
    for (const listener of [...this.stateListeners]) {
      try {
        listener();
      } catch {
        // a listener's failure (e.g. a state file that cannot be written) is its own to report
      }
    }
  }

  /** Runs `run` at emulator time `dueMs` (manual clock: when advanceTime() reaches it). */
  protected scheduleAt(dueMs: number, run: () => void | Promise<void>): void {
    this.runtime.scheduleAt(dueMs, run);
  }

  // Every public method starts here: after dispose() nothing reaches the freed Emulator.
  private live(): void {
    if (this.disposed) throw new DisposedError('EventBridge');
  }

  /**
   * Stops the scheduled rules (clears the real-clock timer) and frees the WebAssembly memory held by
   * this emulator. Calling it again does nothing; any other method called afterwards throws
   * DisposedError.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.schedules.dispose();
    this.replays.dispose();
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

// A target's HttpParameters as the core resolved them for the event (dynamic values filled in).
function httpParametersOf(dynamic: Record<string, unknown> | undefined): TargetHttpParameters | undefined {
  const p = dynamic?.HttpParameters;
  return p && typeof p === 'object' ? (p as TargetHttpParameters) : undefined;
}

export { EventBridgeServiceError };
