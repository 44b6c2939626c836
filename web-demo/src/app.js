// The playground: the eventbridge-wasm package (copied to ./pkg by scripts/build-web.mjs) runs
// every answer in this page; there is no server logic and no network request but the page's files.
import { EventBridge, Matcher, renderTargetInput } from './pkg/index.browser.js';
import { EVENTS, EXAMPLES, RULES_EXAMPLE, formatJson } from './examples.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const RULE_NAME = 'playground-rule';
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${RULE_NAME}`;
const TARGET_BASE = { Id: 'playground-target', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:playground-queue` };
const DEBOUNCE_MS = 150;

const $ = (id) => document.getElementById(id);
const pretty = (value) => formatJson(value);

// ---------------------------------------------------------------------------------------------
// State, and its encoding in the URL hash (#s=<base64url of the JSON state>).

function defaultState() {
  const ex = EXAMPLES[0];
  return {
    mode: 'pattern',
    event: pretty(EVENTS[ex.event]),
    pattern: pretty(ex.pattern),
    target: targetFromExample(ex),
    rules: structuredClone(RULES_EXAMPLE),
  };
}

function targetFromExample(ex) {
  const t = ex.target ?? { kind: 'none' };
  return {
    kind: t.kind,
    input: t.input ?? '{"hello": "world"}',
    inputPath: t.inputPath ?? '$.detail',
    pathsMap: t.pathsMap ? pretty(t.pathsMap) : '{\n  "source": "$.source"\n}',
    template: t.template ?? '"Event from <source>"',
  };
}

function encodeState(s) {
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeState(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function stateFromHash() {
  const m = /^#s=([A-Za-z0-9_-]*)$/.exec(location.hash);
  if (!m) return undefined;
  try {
    const s = decodeState(m[1]);
    const d = defaultState();
    return {
      mode: s.mode === 'rules' ? 'rules' : 'pattern',
      event: typeof s.event === 'string' ? s.event : d.event,
      pattern: typeof s.pattern === 'string' ? s.pattern : d.pattern,
      target: { ...d.target, ...(s.target ?? {}) },
      rules: {
        bus: typeof s.rules?.bus === 'string' ? s.rules.bus : d.rules.bus,
        rules: Array.isArray(s.rules?.rules) ? s.rules.rules.map(normaliseRule) : d.rules.rules,
        entries: typeof s.rules?.entries === 'string' ? s.rules.entries : d.rules.entries,
      },
    };
  } catch {
    return undefined;
  }
}

function normaliseRule(r) {
  const str = (v) => (typeof v === 'string' ? v : '');
  return { name: str(r?.name), pattern: str(r?.pattern), schedule: str(r?.schedule), targets: str(r?.targets) };
}

let state = stateFromHash() ?? defaultState();
let lastHash = '';

function saveHash() {
  const hash = `#s=${encodeState(state)}`;
  if (hash === lastHash) return;
  lastHash = hash;
  history.replaceState(null, '', hash);
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// ---------------------------------------------------------------------------------------------
// Pattern mode.

let eb;        // the emulator for TestEventPattern
let matcher;   // one compiled rule, for Matcher.explain()

/** Line and column from an AWS (Jackson) message: "... at [Source: ...; line: 1, column: 24]". */
function positionOf(message) {
  const m = /line: (\d+), column: (\d+)\]\s*$/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

/** Offset in `text` of a 1-based line/column. */
function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** The event's value(s) at a dotted path, through arrays, as text for the verdict's detail. */
function valueAt(eventText, dotted) {
  let roots;
  try {
    roots = [JSON.parse(eventText)];
  } catch {
    return undefined;
  }
  for (const key of dotted.split('.')) {
    const next = [];
    const visit = (v) => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, key)) next.push(v[key]);
    };
    roots.forEach(visit);
    roots = next;
  }
  if (roots.length === 0) return undefined;
  return roots.length === 1 ? JSON.stringify(roots[0]) : JSON.stringify(roots);
}

let gotoTarget; // { el, start, end } for the "Go to the position" button

function setVerdict(kind, text, detail = '', position) {
  const v = $('verdict');
  v.className = `verdict ${kind}`;
  v.textContent = text;
  v.dataset.state = kind;
  $('verdict-detail').textContent = detail;
  gotoTarget = position;
  $('goto-position').hidden = !position;
}

function evaluatePattern() {
  if (!eb) return;
  const eventText = state.event;
  const patternText = state.pattern;
  let matched = false;
  let reason = 'the pattern does not match this event';
  try {
    const r = eb.testEventPattern({ EventPattern: patternText, Event: eventText });
    matched = r.Result === true;
    if (matched) {
      setVerdict('match', 'MATCH', 'The pattern matches the event.');
    } else {
      let detail = 'The pattern does not match the event.';
      try {
        matcher.addRule(RULE_NAME, patternText);
        const field = matcher.explain(RULE_NAME, eventText);
        if (field) {
          const value = valueAt(eventText, field);
          detail = value === undefined
            ? `Failed at field ${field} (the event has no value there).`
            : `Failed at field ${field} (the event has ${value}).`;
        }
      } catch (e) {
        detail += ` (${e.name}: ${e.message})`;
      }
      setVerdict('nomatch', 'NO MATCH', detail);
    }
  } catch (e) {
    if (!e || !e.$metadata) {
      setVerdict('error', `Error: ${e?.message ?? e}`);
    } else {
      const inPattern = e.name === 'InvalidEventPatternException';
      reason = inPattern ? 'the pattern is not valid' : 'the event is not valid';
      const pos = positionOf(e.message);
      let detail = '';
      let position;
      const el = inPattern ? $('pattern') : $('event');
      if (pos) {
        detail = `At line ${pos.line}, column ${pos.column} of the ${inPattern ? 'pattern' : 'event'}.`;
        const end = offsetOf(el.value, pos.line, pos.column);
        position = { el, start: Math.max(0, end - 1), end };
      } else if (!inPattern) {
        try {
          JSON.parse(eventText);
        } catch (syntax) {
          detail = `The event is not valid JSON (this browser's parser says: ${syntax.message}).`;
        }
      }
      setVerdict('error', `${e.name}: ${e.message}`, detail, position);
    }
  }
  renderPayload(matched, reason);
}

function currentTarget() {
  const t = state.target;
  const target = { ...TARGET_BASE };
  if (t.kind === 'Input') target.Input = t.input;
  else if (t.kind === 'InputPath') target.InputPath = t.inputPath;
  else if (t.kind === 'InputTransformer') {
    const it = { InputTemplate: t.template };
    if (t.pathsMap.trim() !== '') {
      try {
        it.InputPathsMap = JSON.parse(t.pathsMap);
      } catch (e) {
        return { error: `InputPathsMap is not valid JSON: ${e.message}` };
      }
    }
    target.InputTransformer = it;
  }
  return { target };
}

function setPayload(kind, text) {
  const p = $('payload');
  p.className = `payload ${kind}`;
  p.dataset.state = kind;
  p.textContent = text;
}

function renderPayload(matched, reason) {
  const { target, error } = currentTarget();
  if (error) return setPayload('error', error);
  let payload;
  try {
    payload = renderTargetInput(target, state.event, { RuleArn: RULE_ARN, RuleName: RULE_NAME });
  } catch (e) {
    // PutTargets' ValidationException for the target, or the event's own error.
    return setPayload('error', `${e.name}: ${e.message}`);
  }
  if (!matched) return setPayload('muted', `Not delivered: ${reason}.`);
  if (payload === undefined) {
    return setPayload('muted', 'Not delivered: EventBridge sends nothing to this target for this event.');
  }
  setPayload('ok', payload);
}

function showTargetFields() {
  for (const el of document.querySelectorAll('#target-pane [data-kind]')) {
    el.hidden = el.dataset.kind !== state.target.kind;
  }
}

function loadPatternFields() {
  $('event').value = state.event;
  $('pattern').value = state.pattern;
  $('target-kind').value = state.target.kind;
  $('target-input').value = state.target.input;
  $('target-input-path').value = state.target.inputPath;
  $('target-paths-map').value = state.target.pathsMap;
  $('target-template').value = state.target.template;
  showTargetFields();
}

// ---------------------------------------------------------------------------------------------
// Rules mode: rules with targets on one bus, PutEvents, deliveries.

let busEb;          // the emulator holding the rules
let busRules = [];  // [{ name, arn, hasPattern }] accepted by PutRule, in order
const deliveries = [];

function newRuleName() {
  const names = new Set(state.rules.rules.map((r) => r.name));
  let i = state.rules.rules.length + 1;
  while (names.has(`rule-${i}`)) i++;
  return `rule-${i}`;
}

function renderRules() {
  const box = $('rules');
  box.textContent = '';
  const tpl = $('rule-template');
  state.rules.rules.forEach((rule, i) => {
    const node = tpl.content.firstElementChild.cloneNode(true);
    node.dataset.index = String(i);
    node.querySelector('.rule-index').textContent = `${i + 1}`;
    for (const field of ['name', 'schedule', 'pattern', 'targets']) {
      const input = node.querySelector(`[data-field=${field}]`);
      const id = `rule-${i}-${field}`;
      input.id = id;
      input.dataset.testid = `rule-${field}`;
      input.value = rule[field];
      node.querySelector(`label[data-for=${field}]`).htmlFor = id;
      input.addEventListener('input', () => {
        state.rules.rules[i][field] = input.value;
        rulesChanged();
      });
    }
    node.querySelector('.remove-rule').addEventListener('click', () => {
      state.rules.rules.splice(i, 1);
      renderRules();
      rebuildBus();
      saveHash();
      $('add-rule').focus();
    });
    box.appendChild(node);
  });
}

function ruleStatus(i, kind, text) {
  const el = document.querySelector(`#rules [data-index="${i}"] .rule-status`);
  if (!el) return;
  el.className = `rule-status ${kind}`;
  el.textContent = text;
}

function hasDeliveryApi(e) {
  return e && typeof e.putEvents === 'function';
}

async function rebuildBus() {
  const next = await EventBridge.create({ accountId: ACCOUNT, region: REGION });
  const bus = state.rules.bus.trim() || 'default';
  const accepted = [];
  let busError = '';
  if (bus !== 'default') {
    try {
      next.createEventBus({ Name: bus });
    } catch (e) {
      busError = `CreateEventBus: ${e.name}: ${e.message}`;
    }
  }
  state.rules.rules.forEach((rule, i) => {
    if (busError) return ruleStatus(i, 'error', busError);
    const input = { Name: rule.name, EventBusName: bus };
    if (rule.pattern.trim() !== '') input.EventPattern = rule.pattern;
    if (rule.schedule.trim() !== '') input.ScheduleExpression = rule.schedule.trim();
    let arn;
    try {
      arn = next.putRule(input).RuleArn;
    } catch (e) {
      return ruleStatus(i, 'error', `PutRule: ${e.name}: ${e.message}`);
    }
    let targets;
    try {
      targets = rule.targets.trim() === '' ? [] : JSON.parse(rule.targets);
    } catch (e) {
      return ruleStatus(i, 'error', `Targets are not valid JSON: ${e.message}`);
    }
    let failed = [];
    if (targets.length > 0 || !Array.isArray(targets)) {
      try {
        const r = next.putTargets({ Rule: rule.name, EventBusName: bus, Targets: targets });
        failed = r.FailedEntries ?? [];
      } catch (e) {
        return ruleStatus(i, 'error', `PutTargets: ${e.name}: ${e.message}`);
      }
    }
    accepted.push({ name: rule.name, arn, hasPattern: 'EventPattern' in input });
    const lines = [`${arn}: ${targets.length - failed.length} target(s)`];
    for (const f of failed) lines.push(`PutTargets failed for ${f.TargetId}: ${f.ErrorCode}: ${f.ErrorMessage}`);
    if (input.ScheduleExpression && typeof next.nextFireTimes === 'function') {
      try {
        const times = next.nextFireTimes({ Name: rule.name, EventBusName: bus, Count: 3 });
        const list = Array.isArray(times) ? times : times?.FireTimes ?? times?.NextFireTimes ?? [];
        if (list.length) lines.push(`Next fires: ${list.map((t) => new Date(t).toISOString()).join(', ')}`);
      } catch {
        // The schedule's own validation already ran in PutRule.
      }
    }
    ruleStatus(i, failed.length ? 'error' : 'ok', lines.join('\n'));
  });
  if (busEb) busEb.dispose();
  busEb = next;
  busRules = accepted;
  updateEngineNote();
}

function updateEngineNote() {
  $('rules-engine-note').textContent = hasDeliveryApi(busEb) && coreHasPutEvents
    ? 'Deliveries come from the emulator\'s own PutEvents.'
    : 'This build of the engine has no PutEvents: deliveries are computed in this page from the ' +
      'rules\' patterns (Matcher) and each target\'s input (renderTargetInput).';
}

const rulesChanged = debounce(() => {
  rebuildBus();
  saveHash();
}, DEBOUNCE_MS * 2);

function isoSeconds(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const h = () => Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

/** PutEvents without the emulator's own: envelope, match on the bus, render every target. */
function putEventsHere(entries) {
  const bus = state.rules.bus.trim() || 'default';
  const results = [];
  const out = [];
  const m = new Matcher();
  try {
    for (const r of busRules) if (r.hasPattern) m.addRule(r.name, state.rules.rules.find((x) => x.name === r.name).pattern);
    for (const entry of entries) {
      const missing = ['Source', 'DetailType', 'Detail'].find((k) => typeof entry?.[k] !== 'string' || entry[k] === '');
      if (missing) {
        results.push({ ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${missing} is not valid. Reason: ${missing} is a required argument.` });
        continue;
      }
      let detail;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        detail = undefined;
      }
      if (!detail || typeof detail !== 'object' || Array.isArray(detail)) {
        results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
        continue;
      }
      const entryBus = entry.EventBusName || 'default';
      const busName = entryBus.includes('/') ? entryBus.slice(entryBus.lastIndexOf('/') + 1) : entryBus;
      const now = Date.now();
      const event = {
        version: '0',
        id: uuid(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: ACCOUNT,
        time: entry.Time ? isoSeconds(new Date(entry.Time).getTime()) : isoSeconds(now),
        region: REGION,
        resources: Array.isArray(entry.Resources) ? entry.Resources : [],
        detail,
      };
      results.push({ EventId: event.id });
      if (busName !== bus) continue;
      const eventText = JSON.stringify(event);
      for (const ruleName of m.match(eventText)) {
        const rule = busRules.find((r) => r.name === ruleName);
        const targets = busEb.listTargetsByRule({ Rule: ruleName, EventBusName: bus }).Targets ?? [];
        for (const target of targets) {
          let payload;
          try {
            payload = renderTargetInput(target, eventText, { RuleArn: rule.arn, RuleName: ruleName, IngestionTime: isoSeconds(now) });
          } catch (e) {
            payload = undefined;
          }
          out.push({ rule: ruleName, target: target.Id, arn: target.Arn, payload });
        }
      }
    }
  } finally {
    m.dispose();
  }
  return { response: { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results }, deliveries: out };
}

// Until the emulator says otherwise (a WASM core without PutEvents). `?page-deliveries` forces the
// in-page computation (for the browser tests, which compare both).
let coreHasPutEvents = !new URLSearchParams(location.search).has('page-deliveries');

function ruleNameOf(arn) {
  return String(arn ?? '').split('/').pop();
}

async function putEventsInEmulator(entries) {
  const before = busEb.deliveries().length;
  const response = await busEb.putEvents({ Entries: entries });
  await busEb.flush();
  const got = busEb.deliveries().slice(before).map((d) => ({
    rule: ruleNameOf(d.ruleArn),
    target: d.targetId,
    arn: d.targetArn,
    payload: d.payload,
    status: d.status,
  }));
  return { response, deliveries: got };
}

async function putEvents() {
  let entries;
  try {
    entries = JSON.parse(state.rules.entries);
  } catch (e) {
    $('put-result').textContent = `Entries are not valid JSON: ${e.message}`;
    return;
  }
  if (!Array.isArray(entries)) entries = [entries];
  let response;
  let got;
  try {
    if (hasDeliveryApi(busEb) && coreHasPutEvents) {
      try {
        ({ response, deliveries: got } = await putEventsInEmulator(entries));
      } catch (e) {
        if (e?.name !== 'UnknownOperationException') throw e;
        coreHasPutEvents = false;
        updateEngineNote();
      }
    }
    if (!response) ({ response, deliveries: got } = putEventsHere(entries));
  } catch (e) {
    $('put-result').textContent = `PutEvents: ${e.name}: ${e.message}`;
    return;
  }
  deliveries.push(...got);
  const failed = response.FailedEntryCount ?? 0;
  const errors = (response.Entries ?? []).filter((x) => x.ErrorCode).map((x) => `${x.ErrorCode}: ${x.ErrorMessage}`);
  $('put-result').textContent =
    `PutEvents: ${entries.length - failed} entr${entries.length - failed === 1 ? 'y' : 'ies'} accepted, ${failed} failed` +
    `${errors.length ? ` (${errors.join('; ')})` : ''}; ${got.length} deliver${got.length === 1 ? 'y' : 'ies'}.`;
  renderDeliveries();
}

function renderDeliveries() {
  const body = $('deliveries').tBodies[0];
  body.textContent = '';
  if (deliveries.length === 0) {
    const tr = body.insertRow();
    const td = tr.insertCell();
    td.colSpan = 3;
    td.className = 'empty';
    td.textContent = 'No deliveries yet: press PutEvents.';
    return;
  }
  for (const d of deliveries) {
    const tr = body.insertRow();
    tr.dataset.testid = 'delivery';
    tr.insertCell().textContent = d.rule;
    const t = tr.insertCell();
    t.textContent = d.target;
    t.title = d.arn;
    const pre = document.createElement('pre');
    if (d.payload === undefined) {
      pre.textContent = 'not delivered';
      tr.insertCell().appendChild(pre).parentElement.className = 'empty';
    } else {
      pre.textContent = d.payload;
      tr.insertCell().appendChild(pre);
    }
  }
}

function loadRulesFields() {
  $('bus-name').value = state.rules.bus;
  $('entries').value = state.rules.entries;
  renderRules();
}

// ---------------------------------------------------------------------------------------------
// Wiring.

function setMode(mode) {
  state.mode = mode;
  $('pattern-mode').hidden = mode !== 'pattern';
  $('rules-mode').hidden = mode !== 'rules';
  $('mode-pattern').setAttribute('aria-pressed', String(mode === 'pattern'));
  $('mode-rules').setAttribute('aria-pressed', String(mode === 'rules'));
}

function loadAll() {
  setMode(state.mode);
  loadPatternFields();
  loadRulesFields();
}

const patternChanged = debounce(() => {
  evaluatePattern();
  saveHash();
}, DEBOUNCE_MS);

function bind(id, update) {
  $(id).addEventListener('input', (e) => {
    update(e.target.value);
    patternChanged();
  });
}

function wire() {
  for (const ex of EXAMPLES) {
    const opt = document.createElement('option');
    opt.value = ex.id;
    opt.textContent = ex.title;
    $('example').appendChild(opt);
  }
  $('example').addEventListener('change', (e) => {
    const ex = EXAMPLES.find((x) => x.id === e.target.value);
    if (!ex) return;
    state.event = pretty(EVENTS[ex.event]);
    state.pattern = pretty(ex.pattern);
    state.target = targetFromExample(ex);
    loadPatternFields();
    evaluatePattern();
    saveHash();
  });
  bind('event', (v) => (state.event = v));
  bind('pattern', (v) => (state.pattern = v));
  bind('target-input', (v) => (state.target.input = v));
  bind('target-input-path', (v) => (state.target.inputPath = v));
  bind('target-paths-map', (v) => (state.target.pathsMap = v));
  bind('target-template', (v) => (state.target.template = v));
  $('target-kind').addEventListener('change', (e) => {
    state.target.kind = e.target.value;
    showTargetFields();
    evaluatePattern();
    saveHash();
  });
  $('goto-position').addEventListener('click', () => {
    if (!gotoTarget) return;
    gotoTarget.el.focus();
    gotoTarget.el.setSelectionRange(gotoTarget.start, gotoTarget.end);
  });

  $('mode-pattern').addEventListener('click', () => { setMode('pattern'); saveHash(); });
  $('mode-rules').addEventListener('click', () => { setMode('rules'); saveHash(); });
  $('copy-link').addEventListener('click', async () => {
    saveHash();
    try {
      await navigator.clipboard.writeText(location.href);
      $('link-status').textContent = 'Link copied.';
    } catch {
      $('link-status').textContent = 'Copy the address bar: it holds the whole state.';
    }
  });

  $('bus-name').addEventListener('input', (e) => { state.rules.bus = e.target.value; rulesChanged(); });
  $('entries').addEventListener('input', (e) => { state.rules.entries = e.target.value; saveHash(); });
  $('add-rule').addEventListener('click', () => {
    state.rules.rules.push({
      name: newRuleName(),
      pattern: '{\n  "source": ["com.example.orders"]\n}',
      schedule: '',
      targets: `[\n  { "Id": "t1", "Arn": "arn:aws:sqs:${REGION}:${ACCOUNT}:queue" }\n]`,
    });
    renderRules();
    rebuildBus();
    saveHash();
    const inputs = document.querySelectorAll('#rules [data-field=name]');
    inputs[inputs.length - 1]?.focus();
  });
  $('reset-rules').addEventListener('click', () => {
    state.rules = structuredClone(RULES_EXAMPLE);
    loadRulesFields();
    rebuildBus();
    saveHash();
  });
  $('put-events').addEventListener('click', putEvents);
  $('clear-deliveries').addEventListener('click', () => {
    deliveries.length = 0;
    $('put-result').textContent = '';
    renderDeliveries();
  });

  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    const s = stateFromHash();
    if (!s) return;
    state = s;
    lastHash = location.hash;
    loadAll();
    evaluatePattern();
    rebuildBus();
  });
}

async function main() {
  wire();
  loadAll();
  renderDeliveries();
  try {
    eb = await EventBridge.create({ accountId: ACCOUNT, region: REGION });
    matcher = new Matcher();
  } catch (e) {
    $('loading').textContent = `The engine did not load: ${e.message}`;
    setVerdict('error', `Error: the engine did not load: ${e.message}`);
    return;
  }
  $('loading').hidden = true;
  document.body.dataset.ready = 'true';
  evaluatePattern();
  await rebuildBus();
  saveHash();
}

main();
