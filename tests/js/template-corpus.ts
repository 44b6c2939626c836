// Checks one template set (a folder with expected.jsonl and events.jsonl, as ../shared/templates
// describes them) against loadTemplate(): every rule with its resolved pattern, schedule, state,
// targets; buses, bus policies, archives, connections and API destinations with their values;
// Scheduler schedules and Pipes reported as skipped; and every sample event matching exactly the
// rules it lists. Placeholders of deployment-generated
// values ({{physical:X}}, {{arn:X}}, {{getatt:X.A}}, {{import:N}}, {{uuid}}, {{tfid}}) are replaced by what
// the load reports for them.
import * as fs from 'fs';
import * as path from 'path';
import { EventBridge } from '../../js/src/index.node';
import type { CreatedEntry, LoadTemplateReport } from '../../js/src/templates/types';

type Raw = Record<string, any>;

export interface Expected extends Raw {
  template: string;
  stackName: string;
  parameters: Record<string, string>;
  rules: Raw[];
}

export function readJsonl(file: string): Raw[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/**
 * Rules the emulator refuses with AWS's own answer (or says plainly it does not hold): the report
 * must give the reason, and nothing may be created in their place.
 */
export interface Refusal {
  logicalId: string;
  reason: RegExp;
}

export function importValuesOf(expected: Raw): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of JSON.stringify(expected).matchAll(/\{\{import:([^}]+)\}\}/g)) {
    out[m[1]] = `arn:aws:sqs:us-east-1:123456789012:imported-${m[1]}`;
  }
  return out;
}

/**
 * Replaces placeholders; a {{uuid}} or a {{tfid}} (the 26 characters of a Terraform-generated name:
 * an 18-digit timestamp and an 8-digit hexadecimal counter) turns the string into a RegExp.
 */
export function substitute(value: unknown, report: LoadTemplateReport, imports: Record<string, string>): any {
  if (typeof value === 'string') {
    let hasUuid = false;
    const out = value.replace(/\{\{(physical|arn|getatt|import|uuid|tfid)(?::([^}]+))?\}\}/g, (whole, kind: string, arg: string) => {
      if (kind === 'uuid' || kind === 'tfid') {
        hasUuid = true;
        return kind === 'uuid' ? '\u0001' : '\u0002';
      }
      if (kind === 'import') return imports[arg];
      if (kind === 'getatt') {
        const dot = arg.indexOf('.');
        const v = report.resources[arg.slice(0, dot)]?.attributes?.[arg.slice(dot + 1)];
        if (v === undefined) throw new Error(`the report has no attribute for ${whole}`);
        return v;
      }
      const r = report.resources[arg];
      const v = kind === 'physical' ? r?.physicalId : r?.arn;
      if (v === undefined) throw new Error(`the report has no ${kind} value for ${whole}`);
      return v;
    });
    if (!hasUuid) return out;
    const escaped = out
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\u0001/g, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
      .replace(/\u0002/g, '[0-9]{18}[0-9a-f]{8}');
    return new RegExp(`^${escaped}$`);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, report, imports));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, report, imports)]));
  }
  return value;
}

// Objects compare regardless of key order (a pattern or transformer is a JSON object).
function matches(actual: unknown, expected: unknown): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  return JSON.stringify(sortKeys(actual)) === JSON.stringify(sortKeys(expected));
}

// Fields of expected targets and the API's Target members they are compared with.
const TARGET_FIELDS: [string, string][] = [
  ['arn', 'Arn'],
  ['input', 'Input'],
  ['inputPath', 'InputPath'],
  ['inputTransformer', 'InputTransformer'],
  ['roleArn', 'RoleArn'],
  ['retryPolicy', 'RetryPolicy'],
  ['httpParameters', 'HttpParameters'],
  ['sqsParameters', 'SqsParameters'],
  ['batchParameters', 'BatchParameters'],
  ['appSyncParameters', 'AppSyncParameters'],
];

export interface TemplateResult {
  problems: string[];
  report?: LoadTemplateReport;
  eb: EventBridge;
  /** Rule logical id -> [name, bus] of every rule created. */
  rules: Map<string, { name: string; bus: string }>;
}

/** Loads one expected.jsonl line's template and lists every difference from what it expects. */
export async function checkTemplate(dir: string, expected: Expected, refusals: Refusal[]): Promise<TemplateResult> {
  const eb = await EventBridge.create({ accountId: '123456789012', region: 'us-east-1' });
  const problems: string[] = [];
  const imports = importValuesOf(expected);
  const report = await eb.loadTemplate(fs.readFileSync(path.join(dir, expected.template), 'utf8'), {
    parameters: expected.parameters,
    stackName: expected.stackName,
    ssmParameters: expected.ssmParameters,
    importValues: imports,
    cliOptions: expected.cliOptions ?? {},
    env: {},
  });
  const rules = new Map<string, { name: string; bus: string }>();
  const createdRules = report.created.filter((c) => c.type === 'AWS::Events::Rule');
  for (const c of createdRules) rules.set(c.logicalId, { name: c.name, bus: c.eventBusName ?? 'default' });
  // A resource the expected values list but the refusals name must be reported as skipped with
  // the refusal's reason (and then nothing more is checked of it).
  const refused = (id: string): boolean => {
    const refusal = refusals.find((r) => r.logicalId === id);
    if (!refusal) return false;
    const skip = report.skipped.find((s) => s.logicalId === id);
    if (!skip) problems.push(`${id}: expected to be refused (${refusal.reason}), but it was not`);
    else if (!refusal.reason.test(skip.reason)) problems.push(`${id}: refused for another reason: ${skip.reason}`);
    return true;
  };

  for (const want of expected.rules) {
    const id = want.logicalId as string;
    const skip = report.skipped.find((s) => s.logicalId === id);
    if (refused(id)) continue;
    const created = rules.get(id);
    if (!created) {
      problems.push(`${id}: not created${skip ? `: ${skip.reason}` : ''}`);
      continue;
    }
    const w = substitute(want, report, imports);
    const busParam = created.bus === 'default' ? {} : { EventBusName: created.bus };
    const d = eb.describeRule({ Name: created.name, ...busParam }) as Raw;
    if (w.name !== null && !matches(d.Name, w.name)) problems.push(`${id}: Name ${d.Name}, expected ${w.name}`);
    const bus = d.EventBusName;
    if (bus !== w.eventBusName) problems.push(`${id}: EventBusName ${bus}, expected ${w.eventBusName}`);
    const pattern = d.EventPattern === undefined ? null : JSON.parse(d.EventPattern);
    if (!matches(pattern, w.eventPattern)) problems.push(`${id}: EventPattern ${JSON.stringify(pattern)}, expected ${JSON.stringify(w.eventPattern)}`);
    if ((d.ScheduleExpression ?? null) !== w.scheduleExpression) {
      problems.push(`${id}: ScheduleExpression ${d.ScheduleExpression}, expected ${w.scheduleExpression}`);
    }
    if (d.State !== w.state) problems.push(`${id}: State ${d.State}, expected ${w.state}`);
    if (w.roleArn !== undefined && !matches(d.RoleArn, w.roleArn)) problems.push(`${id}: RoleArn ${d.RoleArn}, expected ${w.roleArn}`);
    const targets = (eb.listTargetsByRule({ Rule: created.name, ...busParam }).Targets ?? []) as Raw[];
    if (targets.length !== w.targets.length) problems.push(`${id}: ${targets.length} targets, expected ${w.targets.length}`);
    for (const wt of w.targets as Raw[]) {
      const t = targets.find((x) => matches(x.Id, wt.id));
      if (!t) {
        problems.push(`${id}: no target with Id ${wt.id} (have ${targets.map((x) => x.Id).join(', ')})`);
        continue;
      }
      for (const [field, member] of TARGET_FIELDS) {
        const want = wt[field] ?? undefined;
        if (want === undefined && field !== 'arn') {
          if (t[member] !== undefined && wt[field] === null) problems.push(`${id}/${wt.id}: ${member} ${JSON.stringify(t[member])}, expected none`);
          continue;
        }
        if (!matches(t[member], want)) problems.push(`${id}/${wt.id}: ${member} ${JSON.stringify(t[member])}, expected ${JSON.stringify(want)}`);
      }
      if (wt.deadLetterConfig && !matches(t.DeadLetterConfig?.Arn, wt.deadLetterConfig.Arn)) {
        problems.push(`${id}/${wt.id}: DeadLetterConfig ${JSON.stringify(t.DeadLetterConfig)}, expected ${JSON.stringify(wt.deadLetterConfig.Arn)}`);
      }
    }
  }
  for (const w of (expected.warnings ?? []) as string[]) {
    if (!report.warnings.some((x) => new RegExp(w).test(x))) problems.push(`no warning matching ${w} (have ${JSON.stringify(report.warnings)})`);
  }
  const expectedIds = new Set(expected.rules.map((r) => r.logicalId));
  for (const c of createdRules) if (!expectedIds.has(c.logicalId)) problems.push(`${c.logicalId}: created, but not expected`);

  for (const bus of (expected.buses ?? []) as string[]) {
    if (!report.created.some((c) => c.type === 'AWS::Events::EventBus' && c.name === bus)) problems.push(`bus ${bus}: not created`);
  }
  for (const p of (expected.busPolicies ?? []) as Raw[]) {
    const policyText = (eb.describeEventBus({ Name: p.eventBusName }) as Raw).Policy;
    const statements: Raw[] = policyText ? JSON.parse(policyText).Statement : [];
    const s = statements.find((x) => x.Sid === p.statementId);
    const { Sid: _ignored, ...want } = p.statement;
    const got = s && Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'Sid'));
    if (!s || !matches(sortKeys(got), sortKeys(want))) problems.push(`bus policy ${p.logicalId}: ${JSON.stringify(s)}, expected ${JSON.stringify(p.statement)}`);
  }
  problems.push(...checkOtherResources(eb, expected, report, imports, refused));
  for (const s of (expected.schedulerSchedules ?? []) as Raw[]) {
    const skip = report.skipped.find((x) => x.logicalId === s.logicalId);
    if (!skip || !/Scheduler/.test(skip.reason)) problems.push(`schedule ${s.logicalId}: expected to be skipped as EventBridge Scheduler`);
  }
  for (const s of (expected.pipes ?? []) as Raw[]) {
    const skip = report.skipped.find((x) => x.logicalId === s.logicalId);
    if (!skip || !/Pipes/.test(skip.reason)) problems.push(`pipe ${s.logicalId}: expected to be skipped as EventBridge Pipes`);
  }
  return { problems, report, eb, rules };
}

// The created resource of a logical id (or a problem saying why there is none).
function createdOf(report: LoadTemplateReport, what: string, id: string, problems: string[]): CreatedEntry | undefined {
  const entry = report.created.find((c) => c.logicalId === id);
  if (!entry) {
    const skip = report.skipped.find((s) => s.logicalId === id);
    problems.push(`${what} ${id}: not created${skip ? `: ${skip.reason}` : ''}`);
  }
  return entry;
}

function compare(problems: string[], what: string, member: string, actual: unknown, want: unknown): void {
  if (want !== undefined && !matches(actual, want)) problems.push(`${what}: ${member} ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`);
}

/**
 * Archives, connections and API destinations: each created through the dispatcher, with the
 * values the expected line gives (read back with DescribeArchive / DescribeConnection /
 * DescribeApiDestination). Refused ones must carry the refusal's reason.
 */
function checkOtherResources(
  eb: EventBridge,
  expected: Expected,
  report: LoadTemplateReport,
  imports: Record<string, string>,
  refused: (id: string) => boolean,
): string[] {
  const problems: string[] = [];
  const busArn = (bus: string) => `arn:aws:events:us-east-1:123456789012:event-bus/${bus}`;
  for (const a of (expected.archives ?? []) as Raw[]) {
    if (refused(a.logicalId)) continue;
    const entry = createdOf(report, 'archive', a.logicalId, problems);
    if (!entry) continue;
    const w = substitute(a, report, imports);
    const d = eb.describeArchive({ ArchiveName: entry.name }) as Raw;
    const what = `archive ${a.logicalId}`;
    compare(problems, what, 'EventSourceArn', d.EventSourceArn, busArn(w.sourceBus));
    compare(problems, what, 'EventPattern', d.EventPattern === undefined ? null : JSON.parse(d.EventPattern), w.eventPattern ?? null);
    // CloudFormation leaves RetentionDays out of the request when it is not set: AWS keeps forever (0).
    compare(problems, what, 'RetentionDays', d.RetentionDays ?? 0, w.retentionDays ?? 0);
    compare(problems, what, 'State', d.State, 'ENABLED');
  }
  const connectionArns = new Map<string, string>();
  for (const c of (expected.connections ?? []) as Raw[]) {
    if (refused(c.logicalId)) continue;
    const entry = createdOf(report, 'connection', c.logicalId, problems);
    if (!entry) continue;
    const w = substitute(c, report, imports);
    const d = eb.describeConnection({ Name: entry.name }) as Raw;
    const what = `connection ${c.logicalId}`;
    connectionArns.set(c.logicalId, String(d.ConnectionArn));
    compare(problems, what, 'Name', d.Name, w.name);
    compare(problems, what, 'AuthorizationType', d.AuthorizationType, w.authorizationType);
    compare(problems, what, 'ConnectionArn', d.ConnectionArn, entry.arn);
  }
  for (const a of (expected.apiDestinations ?? []) as Raw[]) {
    if (refused(a.logicalId)) continue;
    const entry = createdOf(report, 'API destination', a.logicalId, problems);
    if (!entry) continue;
    const w = substitute(a, report, imports);
    const d = eb.describeApiDestination({ Name: entry.name }) as Raw;
    const what = `API destination ${a.logicalId}`;
    compare(problems, what, 'Name', d.Name, w.name);
    compare(problems, what, 'ConnectionArn', d.ConnectionArn, connectionArns.get(a.connectionOf) ?? `(connection ${a.connectionOf} not created)`);
    compare(problems, what, 'InvocationEndpoint', d.InvocationEndpoint, w.invocationEndpoint);
    compare(problems, what, 'HttpMethod', d.HttpMethod, w.httpMethod);
    compare(problems, what, 'InvocationRateLimitPerSecond', d.InvocationRateLimitPerSecond, w.invocationRateLimitPerSecond);
  }
  return problems;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/**
 * The rules of the loaded template that match one sample event: every ENABLED rule on the event's
 * bus, through TestEventPattern with the full envelope (some events carry fields PutEvents would
 * overwrite). Events PutEvents can send are also put, and the rules whose targets received them
 * must be the same (among rules with targets).
 */
export async function rulesMatching(
  result: TemplateResult,
  sample: Raw,
): Promise<{ matched: string[]; delivered?: string[]; withTargets: string[]; requests?: { url: string }[] }> {
  const { eb, rules } = result;
  const matched: string[] = [];
  const withTargets: string[] = [];
  const byArn = new Map<string, string>();
  for (const [id, r] of rules) {
    if (r.bus !== sample.eventBusName) continue;
    const busParam = r.bus === 'default' ? {} : { EventBusName: r.bus };
    const d = eb.describeRule({ Name: r.name, ...busParam }) as Raw;
    byArn.set(String(d.Arn), id);
    if (d.State !== 'ENABLED' || d.EventPattern === undefined) continue;
    if ((eb.listTargetsByRule({ Rule: r.name, ...busParam }).Targets as Raw[]).length) withTargets.push(id);
    if (eb.testEventPattern({ EventPattern: d.EventPattern, Event: JSON.stringify(sample.event) }).Result) matched.push(id);
  }
  const e = sample.event;
  const puttable = !String(e.source).startsWith('aws.') && e.account === '123456789012' && !/inject|directly/.test(sample.notes ?? '');
  if (!puttable) return { matched: matched.sort(), withTargets };
  // API destinations answer here instead of their endpoint (tests send nothing off this machine);
  // each one's request must be a request of this template's connection.
  const requests: { url: string }[] = [];
  const off = (result.report?.created ?? [])
    .filter((c) => c.type === 'AWS::Events::ApiDestination')
    .map((c) => eb.onTarget(c.arn, (request) => void requests.push(request as { url: string })));
  const before = eb.deliveries().length;
  const out = await eb.putEvents({
    Entries: [{ Source: e.source, DetailType: e['detail-type'], Detail: JSON.stringify(e.detail), Resources: e.resources, EventBusName: sample.eventBusName }],
  });
  if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(out.Entries)}`);
  await eb.flush();
  off.forEach((f) => f());
  const records = eb.deliveries().slice(before);
  const failed = records.filter((d) => d.status !== 'delivered' && d.status !== 'unhandled');
  if (failed.length) throw new Error(`deliveries failed: ${JSON.stringify(failed.map((d) => [d.targetArn, d.status, d.error]))}`);
  const delivered = [...new Set(records.map((d) => byArn.get(d.ruleArn)).filter((x): x is string => !!x))].sort();
  return { matched: matched.sort(), delivered, withTargets, requests };
}

/**
 * Loads each template of a set once (its tests share the result) and disposes of the emulators
 * after the file's tests.
 */
export function templateLoader(dir: string, refusals: Record<string, Refusal[]>): (e: Expected) => Promise<TemplateResult> {
  const loaded = new Map<string, Promise<TemplateResult>>();
  afterAll(async () => {
    for (const p of loaded.values()) (await p).eb.dispose();
  });
  return (e) => {
    if (!loaded.has(e.template)) loaded.set(e.template, checkTemplate(dir, e, refusals[e.template] ?? []));
    return loaded.get(e.template)!;
  };
}
