// transforms.jsonl (AWS-recorded) and transforms_moto.jsonl through the public API: rejected
// targets through PutTargets on a rule set up from the record's context, delivered payloads
// through renderTargetInput (the core's renderer, the same one PutEvents delivery uses).
import { createRequire } from 'node:module';
import { readCorpus, Tally } from './lib.mjs';

const require = createRequire(import.meta.url);
const { renderTargetInput } = require('eventbridge-wasm');

const INGESTION_TIME = '2024-05-13T12:27:07.589Z';
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Masked tokens (e.g. <ingestion-time>) in the recording stand for any non-empty text.
function textMatches(expected, got, tokens) {
  if (!tokens.length) return expected === got;
  const parts = expected.split(new RegExp(`(${tokens.map(escape).join('|')})`));
  const source = parts.map((p) => (tokens.includes(p) ? '.+' : escape(p))).join('');
  return new RegExp(`^${source}$`, 's').test(got);
}

// JSON equality, key order included, with masked tokens inside expected strings.
function jsonMatches(expected, got, tokens) {
  if (typeof expected === 'string' && typeof got === 'string') return textMatches(expected, got, tokens);
  if (Array.isArray(expected)) return Array.isArray(got) && got.length === expected.length && expected.every((e, i) => jsonMatches(e, got[i], tokens));
  if (expected && typeof expected === 'object') {
    if (!got || typeof got !== 'object' || Array.isArray(got)) return false;
    const ek = Object.keys(expected);
    const gk = Object.keys(got);
    return ek.length === gk.length && ek.every((k, i) => gk[i] === k && jsonMatches(expected[k], got[k], tokens));
  }
  return expected === got;
}

async function putTargetsError(fresh, r) {
  const c = r.context ?? {};
  const eb = await fresh({ accountId: c.account ?? '111111111111', region: c.region ?? 'us-east-1' });
  const bus = c.event_bus_name ?? 'default';
  if (bus !== 'default') eb.send('CreateEventBus', { Name: bus });
  eb.send('PutRule', { Name: c.rule_name ?? 'rule', EventBusName: bus, EventPattern: '{"source":["x"]}' });
  try {
    eb.send('PutTargets', { Rule: c.rule_name ?? 'rule', EventBusName: bus, Targets: [{ Arn: 'arn:aws:sqs:us-east-1:111111111111:q', ...r.target }] });
    return 'PutTargets accepted the target';
  } catch (e) {
    const want = `${r.error.code} ${r.error.http_status} ${r.error.message}`;
    const got = `${e.name} ${e.$metadata?.httpStatusCode} ${e.message}`;
    return want === got ? '' : got;
  }
}

function rendered(r) {
  const c = r.context ?? {};
  const event = r.event_json ?? JSON.stringify(r.event);
  const tokens = Object.keys(r.placeholders ?? {});
  let got;
  try {
    got = renderTargetInput(r.target, event, { RuleArn: c.rule_arn, RuleName: c.rule_name, IngestionTime: INGESTION_TIME });
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
  if (r.outcome === 'not-delivered') return got === undefined ? '' : `delivered ${got}`;
  if (got === undefined) return 'nothing delivered';
  if (r.expect_kind === 'text') return textMatches(r.expect, got, tokens) ? '' : got;
  try {
    return jsonMatches(r.expect, JSON.parse(got), tokens) ? '' : got;
  } catch {
    return `not JSON: ${got}`;
  }
}

export async function run(fresh) {
  const tallies = [];
  for (const [file, advisory] of [['transforms.jsonl', false], ['transforms_moto.jsonl', true]]) {
    const t = new Tally(file, { advisory });
    const errors = readCorpus(file).filter((r) => r.outcome === 'error').length;
    if (errors) t.note = `${errors} error texts compared whole`;
    for (const r of readCorpus(file)) {
      const problem = r.outcome === 'error' ? await putTargetsError(fresh, r) : rendered(r);
      if (problem) {
        const expected = r.outcome === 'error' ? `${r.error.code}: ${r.error.message}` : `${r.outcome} ${JSON.stringify(r.expect)}`;
        t.fail(r.id, expected, problem);
      } else {
        t.pass();
      }
    }
    tallies.push(t);
  }
  return tallies;
}
