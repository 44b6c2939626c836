// api_errors.jsonl, api_accepted.jsonl (AWS-recorded) and api_errors_moto.jsonl through the public
// API (EventBridge.send, i.e. the one dispatcher), each record on a fresh emulator after the setup
// its notes describe. Operations outside the project's scope (global endpoints, partner sources)
// are counted as skipped, never as passed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandPutEventsRequest } from './api_put_events.mjs';
import { readCorpus, Tally } from './lib.mjs';

const setup = JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'api-setup.json'), 'utf8'));

const OUT_OF_SCOPE = /Endpoint|Partner|EventSource/;

// The recorded requests' time placeholders (StartReplay), as the SDK sends timestamps: epoch
// seconds. "Now" has a fractional second, as AWS's recording clock had.
const NOW_SECONDS = Math.floor(Date.now() / 1000) + 0.5;
const TIMES = {
  '<now>': NOW_SECONDS,
  '<now-1min>': NOW_SECONDS - 60,
};
function timeOf(value) {
  if (value in TIMES) return TIMES[value];
  const m = /^<now truncated to seconds minus (\d+)s>$/.exec(value);
  return m ? Math.floor(NOW_SECONDS) - Number(m[1]) : undefined;
}

function expand(value) {
  if (value === '$pattern') return setup.$pattern;
  if (value === '$queue') return setup.$queue;
  if (typeof value === 'string' && timeOf(value) !== undefined) return timeOf(value);
  if (Array.isArray(value)) return value.map(expand);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
  return value;
}

function setupCalls(record) {
  if (record.id === 'put_rule_same_name_twice') {
    // "Re-PutRule is an upsert": the same request was made once before.
    return [['CreateEventBus', { Name: record.request.EventBusName }], ['PutRule', record.request]];
  }
  return expand(setup.records[record.id] ?? []);
}

function call(eb, operation, request) {
  try {
    return { ok: true, out: eb.send(operation, request) };
  } catch (e) {
    return { ok: false, code: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
}

function unmask(value, request) {
  if (typeof value === 'string') {
    return value
      .replaceAll('<partition>', 'aws')
      .replaceAll('<region>', 'us-east-1')
      .replaceAll('<rule-name>', request.Name ?? request.Rule ?? '')
      .replaceAll('<bus-name>', request.EventBusName ?? 'default');
  }
  if (Array.isArray(value)) return value.map((v) => unmask(v, request));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmask(v, request)]));
  return value;
}

// Our output equals the snapshot, ignoring ResponseMetadata; where the snapshot holds a parsed
// object and we return JSON text (EventPattern), compare as JSON.
function same(ours, snap) {
  if (snap && typeof snap === 'object' && !Array.isArray(snap) && typeof ours === 'string') {
    try {
      return same(JSON.parse(ours), snap);
    } catch {
      return false;
    }
  }
  if (Array.isArray(snap)) return Array.isArray(ours) && ours.length === snap.length && snap.every((s, i) => same(ours[i], s));
  if (snap && typeof snap === 'object') {
    if (!ours || typeof ours !== 'object') return false;
    const keys = Object.keys(snap).filter((k) => k !== 'ResponseMetadata');
    const ourKeys = Object.keys(ours).filter((k) => k !== '$metadata');
    return keys.length === ourKeys.length && keys.every((k) => k in ours && same(ours[k], snap[k]));
  }
  return ours === snap;
}

async function errorRecord(fresh, r, accountId, region) {
  const eb = await fresh({ accountId, region });
  for (const [op, req] of setupCalls(r)) {
    const s = call(eb, op, req);
    if (!s.ok) return `setup ${op} failed: ${s.code} ${s.message}`;
  }
  const request = r.operation === 'PutEvents' ? expandPutEventsRequest(r.request) : expand(r.request);
  const got = call(eb, r.operation, request);
  if (r.kind === 'no-error') return got.ok ? '' : `${got.code}: ${got.message}`;
  if (r.kind === 'failed-entry') {
    if (!got.ok) return `${got.status} ${got.code}: ${got.message}`;
    const entry = (got.out.Entries ?? []).find((e) => e.ErrorCode);
    if (got.out.$metadata.httpStatusCode === r.http_status && entry && entry.ErrorCode === r.error_code && entry.ErrorMessage === r.message) return '';
    return `200 ${JSON.stringify(got.out.Entries)}`;
  }
  if (got.ok) return `success ${JSON.stringify(got.out)}`;
  if (got.status === r.http_status && got.message === r.message && (!r.error_code || got.code === r.error_code)) return '';
  return `${got.status} ${got.code}: ${got.message}`;
}

async function acceptedRecord(fresh, r) {
  const eb = await fresh({ accountId: '111111111111', region: 'us-east-1' });
  for (const [op, req] of setupCalls(r)) {
    const s = call(eb, op, req);
    if (!s.ok) return `setup ${op} failed: ${s.code} ${s.message}`;
  }
  const got = call(eb, r.operation, r.request);
  if (!got.ok) return `${got.status} ${got.code}: ${got.message}`;
  const snaps = unmask(r.response_snapshot ?? {}, r.request);
  for (const key of ['put-rule', 're-put-rule']) {
    if (snaps[key] && !same(got.out, snaps[key])) return `${key}: ${JSON.stringify(got.out)}`;
  }
  if (snaps['list-rules']) {
    const lr = eb.send('ListRules', { EventBusName: r.request.EventBusName ?? 'default' });
    if (!same(lr, snaps['list-rules'])) return `list-rules: ${JSON.stringify(lr)}`;
  }
  if (snaps['list-targets']) {
    const lt = eb.send('ListTargetsByRule', { Rule: r.request.Rule });
    if (!same(lt, snaps['list-targets'])) return `list-targets: ${JSON.stringify(lt)}`;
  }
  return '';
}

export async function run(create) {
  const fresh = (opts) => create(opts);
  const probe = await fresh({});
  const served = (op) => call(probe, op, {}).code !== 'UnknownOperationException';
  const inScope = (op) => !OUT_OF_SCOPE.test(op) && served(op);

  const tallies = [];
  for (const [file, advisory, account, region] of [
    ['api_errors.jsonl', false, '111111111111', 'us-east-1'],
    ['api_errors_moto.jsonl', true, '123456789012', 'us-west-2'],
  ]) {
    const t = new Tally(file, { advisory });
    let errors = 0;
    for (const r of readCorpus(file)) {
      if (!inScope(r.operation)) {
        t.skip();
        continue;
      }
      if (r.kind !== 'no-error') errors++;
      const problem = await errorRecord(fresh, r, account, region);
      if (problem) t.fail(r.id, `${r.http_status} ${r.error_code}: ${r.message}`, problem);
      else t.pass();
    }
    t.note = `${errors} error texts compared whole`;
    tallies.push(t);
  }
  const t = new Tally('api_accepted.jsonl');
  for (const r of readCorpus('api_accepted.jsonl')) {
    if (!inScope(r.operation)) {
      t.skip();
      continue;
    }
    const problem = await acceptedRecord(fresh, r);
    if (problem) t.fail(r.id, 'accepted as recorded', problem);
    else t.pass();
  }
  tallies.push(t);
  return tallies;
}
