// Applies a planned stack to the emulator through the dispatcher (the same operations the SDK
// calls), in dependency order, as a CloudFormation stack create or update: resources of the
// previous load of the same stack that are gone are deleted, changed ones updated, new ones created,
// unchanged ones left alone. Only what the stack created is ever touched: rules and buses created by
// API calls, events and deliveries stay. A request the dispatcher refuses gets AWS's error in the
// report, and what depends on it is skipped. Lambda's asynchronous-invocation settings
// (AWS::Lambda::EventInvokeConfig) are not the dispatcher's: they go to the delivery runtime through
// FunctionSettings (eb.configureFunction), and back to Lambda's defaults when the stack drops them.
import { FunctionConfig, LAMBDA_DEFAULTS } from '../core/lambda-async.js';
import { KIND_ORDER, PlannedResource } from './eventbridge-plan.js';
import { replaceTokens, tokensIn } from './resource-table.js';
import { CreatedEntry, SkippedEntry } from './types.js';

/** The emulator as the loader uses it: one operation in, its output out (AWS errors thrown). */
export type Send = (operation: string, input: Record<string, any>) => Record<string, any>;

/** Where an invoke config goes: the delivery runtime's per-function settings (eb.configureFunction). */
export type ConfigureFunction = (functionArn: string, config: FunctionConfig) => void;

/** Lambda's defaults: what a function has again once its EventInvokeConfig is gone. */
const LAMBDA_DEFAULT_CONFIG: FunctionConfig = { ...LAMBDA_DEFAULTS, onFailure: null };

/** One resource a stack created, as the next load of the same stack finds it. */
export interface AppliedResource {
  logicalId: string;
  type: string;
  kind: PlannedResource['kind'];
  name: string;
  busName?: string;
  arn: string;
  /** The resolved requests, to tell whether a reload changed it. */
  key: string;
  request: Record<string, any>;
  targetIds: string[];
  statement?: Record<string, any>;
  /** Service-generated attributes (a connection's Arn and SecretArn). */
  attributes: Record<string, string>;
}

export interface StackState {
  resources: Map<string, AppliedResource>;
  /** Buses the stack's rules needed that neither the template nor an API call created. */
  implicitBuses: Set<string>;
}

export interface ApplyResult {
  created: CreatedEntry[];
  skipped: SkippedEntry[];
  changes: string[];
  implicitBuses: string[];
  state: StackState;
}

function awsMessage(e: unknown): string {
  const err = e as Error;
  return `${err.name}: ${err.message}`;
}

function isNotFound(e: unknown): boolean {
  return (e as Error)?.name === 'ResourceNotFoundException';
}

function keyOf(p: PlannedResource): string {
  return JSON.stringify({ r: p.request, t: p.targets, p: p.policy, s: p.statement });
}

const KIND_LABEL: Partial<Record<PlannedResource['kind'], string>> = { policy: 'statement', invokeConfig: 'asynchronous invocation of', apiDestination: 'API destination' };

function describe(a: { type: string; logicalId: string; kind: PlannedResource['kind']; name: string; busName?: string }): string {
  const where = a.kind === 'rule' || a.kind === 'policy' ? ` on bus ${a.busName}` : '';
  return `${a.type} ${a.logicalId} (${KIND_LABEL[a.kind] ?? a.kind} ${a.name}${where})`;
}

// What changed between two loads of a resource, by request member.
function changedMembers(old: AppliedResource, p: PlannedResource): string[] {
  if (!old.key) return ['(taken over from the existing resource)'];
  const before = JSON.parse(old.key) as Record<string, any>;
  const after = JSON.parse(keyOf(p)) as Record<string, any>;
  const out = new Set<string>();
  const members = new Set([...Object.keys(before.r ?? {}), ...Object.keys(after.r ?? {})]);
  for (const m of members) if (JSON.stringify(before.r?.[m]) !== JSON.stringify(after.r?.[m])) out.add(m);
  if (JSON.stringify(before.t) !== JSON.stringify(after.t)) out.add('Targets');
  if (JSON.stringify(before.p) !== JSON.stringify(after.p)) out.add('Policy');
  if (JSON.stringify(before.s) !== JSON.stringify(after.s)) out.add('Statement');
  return [...out];
}

/** Reads a bus's policy document (undefined when it has none). */
function busPolicy(send: Send, busName: string): Record<string, any> | undefined {
  const out = send('DescribeEventBus', { Name: busName });
  return typeof out.Policy === 'string' ? JSON.parse(out.Policy) : undefined;
}

function putStatement(send: Send, busName: string, statement: Record<string, any>): void {
  const policy = busPolicy(send, busName) ?? { Version: '2012-10-17', Statement: [] };
  const list: Record<string, any>[] = Array.isArray(policy.Statement) ? policy.Statement : [];
  const i = list.findIndex((s) => s?.Sid === statement.Sid);
  if (i >= 0) list[i] = statement;
  else list.push(statement);
  send('PutPermission', { EventBusName: busName, Policy: JSON.stringify({ ...policy, Statement: list }) });
}

function removeStatement(send: Send, busName: string, sid: string): void {
  send('RemovePermission', { EventBusName: busName, StatementId: sid });
}

export function applyStack(
  send: Send,
  configureFunction: ConfigureFunction,
  previous: StackState | undefined,
  planned: PlannedResource[],
  skippedBefore: SkippedEntry[],
  region: { arnPrefix: string },
  adopt = false,
): ApplyResult {
  const created: CreatedEntry[] = [];
  const skipped: SkippedEntry[] = [...skippedBefore];
  const changes: string[] = [];
  const state: StackState = { resources: new Map(), implicitBuses: new Set() };
  const old = previous?.resources ?? new Map<string, AppliedResource>();
  const byId = new Map(planned.map((p) => [p.logicalId, p]));

  // The same physical resource (kind, name, bus) in the old and the new stack: updated in place.
  // An archive's source bus cannot change: CloudFormation replaces the archive (SourceArn:
  // "Update requires: Replacement").
  const sameResource = (a: AppliedResource, p: PlannedResource) =>
    a.kind === p.kind &&
    a.name === p.name &&
    (a.busName ?? '') === (p.busName ?? '') &&
    !(a.kind === 'archive' && a.key && a.request.EventSourceArn !== p.request.EventSourceArn);

  // 1. Delete what the new template no longer has (or replaces), dependents first.
  const toDelete = [...old.values()].filter((a) => {
    const p = byId.get(a.logicalId);
    return !p || !sameResource(a, p);
  });
  for (const kind of [...KIND_ORDER].reverse()) {
    for (const a of toDelete.filter((x) => x.kind === kind)) {
      try {
        deleteResource(send, configureFunction, a);
        changes.push(`- ${describe(a)}`);
      } catch (e) {
        if (!isNotFound(e)) changes.push(`! ${describe(a)} not deleted: ${awsMessage(e)}`);
      }
    }
  }

  // 2. Create or update, kind by kind, a resource only after the ones it depends on.
  const done = new Map<string, AppliedResource>();
  const failed = new Set<string>(skippedBefore.map((s) => s.logicalId));
  const taken = new Set<string>(); // "kind bus name" of this stack's resources, for duplicates
  const pending = [...planned].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  while (pending.length) {
    let index = pending.findIndex((p) => p.dependsOn.every((d) => done.has(d) || failed.has(d) || !byId.has(d)));
    if (index < 0) index = 0; // a dependency cycle: CloudFormation refuses it; the first one fails below
    const p = pending.splice(index, 1)[0];
    const skip = (reason: string) => {
      skipped.push({ logicalId: p.logicalId, type: p.type, reason });
      failed.add(p.logicalId);
    };
    const missing = p.dependsOn.find((d) => failed.has(d) || (byId.has(d) && !done.has(d)));
    if (missing) {
      skip(`depends on ${missing}, which was not created`);
      continue;
    }
    const lookup = (id: string, attr: string) => done.get(id)?.attributes[attr] ?? '';
    const resolved: PlannedResource = {
      ...p,
      request: replaceTokens(p.request, lookup),
      targets: p.targets && replaceTokens(p.targets, lookup),
      policy: p.policy && replaceTokens(p.policy, lookup),
      statement: p.statement && replaceTokens(p.statement, lookup),
    };
    if (tokensIn(resolved).size) {
      skip('refers to an attribute that was not generated');
      continue;
    }
    const slot = `${p.kind} ${p.busName ?? ''} ${p.name}`;
    if (p.kind !== 'policy' && taken.has(slot)) {
      skip(`another resource of this template already has the name ${p.name}${p.busName ? ` on bus ${p.busName}` : ''}`);
      continue;
    }
    const before = old.get(p.logicalId) ?? (adopt ? adoptable(send, p) : undefined);
    const update = before && sameResource(before, p) ? before : undefined;
    try {
      const applied = applyResource(send, configureFunction, resolved, update, state, changes, region);
      if ('declined' in applied) {
        skip(applied.declined);
        continue;
      }
      taken.add(slot);
      done.set(p.logicalId, applied);
      state.resources.set(p.logicalId, applied);
      created.push({
        logicalId: p.logicalId,
        type: p.type,
        name: applied.name,
        arn: applied.arn,
        ...(p.kind === 'rule' ? { eventBusName: applied.busName } : {}),
      });
    } catch (e) {
      const reason = `${operationName(p, update)} failed: ${awsMessage(e)}`;
      if (update) {
        // The resource of the previous load stays (and stays this stack's), as a failed stack update leaves it.
        taken.add(slot);
        done.set(p.logicalId, update);
        state.resources.set(p.logicalId, update);
        skipped.push({ logicalId: p.logicalId, type: p.type, reason: `${reason}; the version of the previous load is kept` });
        changes.push(`! ${describe(p)} not updated: ${reason}`);
        continue;
      }
      skip(reason);
    }
  }

  // Buses created for rules of the previous load that no rule of this load needs any more.
  for (const bus of previous?.implicitBuses ?? []) {
    if (state.implicitBuses.has(bus)) continue;
    try {
      send('DeleteEventBus', { Name: bus });
      changes.push(`- event bus ${bus} (created for the stack's rules; no rule needs it any more)`);
    } catch {
      state.implicitBuses.add(bus); // rules created by API calls still use it: kept
    }
  }
  return { created, skipped, changes, implicitBuses: [...state.implicitBuses], state };
}

function operationName(p: PlannedResource, update: AppliedResource | undefined): string {
  switch (p.kind) {
    case 'bus':
      return update ? 'UpdateEventBus' : 'CreateEventBus';
    case 'rule':
      return 'PutRule/PutTargets';
    case 'policy':
      return 'PutPermission';
    case 'archive':
      return update ? 'UpdateArchive' : 'CreateArchive';
    case 'connection':
      return update ? 'UpdateConnection' : 'CreateConnection';
    case 'apiDestination':
      return update ? 'UpdateApiDestination' : 'CreateApiDestination';
    case 'invokeConfig':
      return 'configureFunction';
  }
}

// options.adoptExisting: a bus, rule, archive, connection or API destination of the template's name
// that already exists (restored from a state file by a previous run) is taken over as this stack's,
// and updated to match the template.
function adoptable(send: Send, p: PlannedResource): AppliedResource | undefined {
  const busParam = p.busName && p.busName !== 'default' ? { EventBusName: p.busName } : {};
  const adopted = (arn: unknown, targetIds: string[] = [], attributes: Record<string, string> = {}): AppliedResource => ({
    logicalId: p.logicalId,
    type: p.type,
    kind: p.kind,
    name: p.name,
    busName: p.busName,
    arn: String(arn),
    key: '',
    request: {},
    targetIds,
    attributes,
  });
  try {
    switch (p.kind) {
      case 'bus':
        return adopted(send('DescribeEventBus', { Name: p.name }).Arn);
      case 'rule': {
        const d = send('DescribeRule', { Name: p.name, ...busParam });
        const targets = (send('ListTargetsByRule', { Rule: p.name, ...busParam }).Targets ?? []) as { Id: string }[];
        return adopted(d.Arn, targets.map((t) => t.Id));
      }
      case 'archive':
        return adopted(send('DescribeArchive', { ArchiveName: p.name }).ArchiveArn);
      case 'connection': {
        const arn = String(send('DescribeConnection', { Name: p.name }).ConnectionArn);
        return adopted(arn, [], { Arn: arn });
      }
      case 'apiDestination': {
        const arn = String(send('DescribeApiDestination', { Name: p.name }).ApiDestinationArn);
        return adopted(arn, [], { Arn: arn });
      }
      case 'policy':
        return undefined;
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return undefined;
}

function exists(send: Send, operation: string, input: Record<string, any>): boolean {
  try {
    send(operation, input);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

function applyResource(
  send: Send,
  configureFunction: ConfigureFunction,
  p: PlannedResource,
  update: AppliedResource | undefined,
  state: StackState,
  changes: string[],
  region: { arnPrefix: string },
): AppliedResource | { declined: string } {
  const key = keyOf(p);
  const base = {
    logicalId: p.logicalId,
    type: p.type,
    kind: p.kind,
    name: p.name,
    busName: p.busName,
    key,
    request: p.request,
    targetIds: (p.targets ?? []).map((t) => String(t.Id)),
    statement: p.statement,
  };
  if (update && update.key === key) {
    return { ...update, ...base, arn: update.arn, attributes: update.attributes };
  }
  const verb = update ? `~ ${describe(p as never)}: ${changedMembers(update, p).join(', ')} changed` : `+ ${describe(p as never)}`;
  let arn = '';
  const attributes: Record<string, string> = {};
  switch (p.kind) {
    case 'bus': {
      if (!update) {
        if (exists(send, 'DescribeEventBus', { Name: p.name })) {
          return { declined: `an event bus named ${p.name} already exists (not created by this stack)` };
        }
        arn = String(send('CreateEventBus', p.request).EventBusArn);
      } else {
        const { Name, Tags, EventSourceName, ...rest } = p.request;
        void Tags;
        void EventSourceName;
        send('UpdateEventBus', { Name, ...rest });
        arn = update.arn;
      }
      if (p.policy) send('PutPermission', { EventBusName: p.name, Policy: JSON.stringify(p.policy) });
      else if (update?.key && JSON.parse(update.key).p) send('RemovePermission', { EventBusName: p.name, RemoveAllPermissions: true });
      break;
    }
    case 'rule': {
      const bus = p.busName ?? 'default';
      const busParam = bus === 'default' ? {} : { EventBusName: bus };
      if (!update) {
        if (bus !== 'default' && !exists(send, 'DescribeEventBus', { Name: bus })) {
          send('CreateEventBus', { Name: bus });
          state.implicitBuses.add(bus);
          changes.push(`+ event bus ${bus} (not in the template; created for rule ${p.name})`);
        }
        if (exists(send, 'DescribeRule', { Name: p.name, ...busParam })) {
          return { declined: `a rule named ${p.name} already exists on bus ${bus} (not created by this stack)` };
        }
      } else if (bus !== 'default' && !exists(send, 'DescribeEventBus', { Name: bus })) {
        send('CreateEventBus', { Name: bus });
        state.implicitBuses.add(bus);
      } else if (bus !== 'default') {
        // Keep an implicit bus of the previous load owned while a rule of this stack is on it.
        state.implicitBuses.add(bus);
      }
      arn = String(send('PutRule', p.request).RuleArn);
      const targets = p.targets ?? [];
      try {
        if (update) {
          const gone = update.targetIds.filter((id) => !targets.some((t) => String(t.Id) === id));
          if (gone.length) send('RemoveTargets', { Rule: p.name, ...busParam, Ids: gone });
        }
        if (targets.length) {
          const out = send('PutTargets', { Rule: p.name, ...busParam, Targets: targets });
          const failures = (out.FailedEntries ?? []) as { TargetId?: string; ErrorCode?: string; ErrorMessage?: string }[];
          if (failures.length) {
            const f = failures[0];
            throw Object.assign(new Error(`target ${f.TargetId}: ${f.ErrorMessage}`), { name: f.ErrorCode ?? 'ValidationException' });
          }
        }
      } catch (e) {
        if (!update) deleteRule(send, p.name, bus);
        throw e;
      }
      break;
    }
    case 'policy': {
      const bus = p.busName ?? 'default';
      if (p.statement) putStatement(send, bus, p.statement);
      else send('PutPermission', p.request);
      arn = `${region.arnPrefix}event-bus/${bus}`;
      break;
    }
    case 'archive': {
      if (update) {
        const { ArchiveName, Description, EventPattern, RetentionDays, KmsKeyIdentifier } = p.request;
        send('UpdateArchive', { ArchiveName, Description, EventPattern, RetentionDays, KmsKeyIdentifier });
        arn = update.arn;
      } else {
        arn = String(send('CreateArchive', p.request).ArchiveArn);
      }
      break;
    }
    case 'connection': {
      if (update) {
        send('UpdateConnection', p.request);
        arn = update.arn;
      } else {
        arn = String(send('CreateConnection', p.request).ConnectionArn);
      }
      attributes.Arn = arn;
      try {
        const secret = send('DescribeConnection', { Name: p.name }).SecretArn;
        if (typeof secret === 'string') attributes.SecretArn = secret;
      } catch {
        // no secret ARN: a target naming it is skipped
      }
      break;
    }
    case 'apiDestination': {
      if (update) {
        send('UpdateApiDestination', p.request);
        arn = update.arn;
      } else {
        arn = String(send('CreateApiDestination', p.request).ApiDestinationArn);
      }
      attributes.Arn = arn;
      break;
    }
    case 'invokeConfig': {
      const { FunctionArn, MaximumRetryAttempts, MaximumEventAgeInSeconds, OnFailure } = p.request;
      configureFunction(FunctionArn, { maximumRetryAttempts: MaximumRetryAttempts, maximumEventAgeInSeconds: MaximumEventAgeInSeconds, onFailure: OnFailure });
      arn = FunctionArn;
      break;
    }
  }
  changes.push(verb);
  return { ...base, arn, attributes };
}

function deleteRule(send: Send, name: string, bus: string): void {
  const busParam = bus === 'default' ? {} : { EventBusName: bus };
  try {
    const targets = (send('ListTargetsByRule', { Rule: name, ...busParam }).Targets ?? []) as { Id: string }[];
    if (targets.length) send('RemoveTargets', { Rule: name, ...busParam, Ids: targets.map((t) => t.Id), Force: true });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  send('DeleteRule', { Name: name, ...busParam });
}

function deleteResource(send: Send, configureFunction: ConfigureFunction, a: AppliedResource): void {
  switch (a.kind) {
    case 'rule':
      return deleteRule(send, a.name, a.busName ?? 'default');
    case 'policy':
      return removeStatement(send, a.busName ?? 'default', a.name);
    case 'bus':
      send('DeleteEventBus', { Name: a.name });
      return;
    case 'archive':
      send('DeleteArchive', { ArchiveName: a.name });
      return;
    case 'connection':
      send('DeleteConnection', { Name: a.name });
      return;
    case 'apiDestination':
      send('DeleteApiDestination', { Name: a.name });
      return;
    case 'invokeConfig':
      configureFunction(a.name, LAMBDA_DEFAULT_CONFIG);
      return;
  }
}
