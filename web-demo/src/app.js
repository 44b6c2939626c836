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
// Rules mode: rules with targets on one bus, PutEvents, scheduled rules, deliveries. Everything
// goes through the emulator's one dispatcher: PutEvents, scheduled firings and "Fire now" are the
// core's routing, performed by the package's delivery runtime.

const NEXT_FIRE_COUNT = 5;

let busEb;          // the emulator holding the rules (real clock: scheduled rules fire on their own)
let busRules = [];  // [{ index, name, arn, schedule }] accepted by PutRule, in order
let busSeen = 0;    // how many of busEb.deliveries() are already in `deliveries`
let refreshTimer;   // re-renders the next fire times when the earliest one has passed
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
    node.querySelector('.fire-times-title').id = `rule-${i}-fire-times-title`;
    node.querySelector('.fire-times').setAttribute('aria-labelledby', `rule-${i}-fire-times-title`);
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

function ruleNode(i) {
  return document.querySelector(`#rules [data-index="${i}"]`);
}

function ruleStatus(i, kind, text) {
  const el = ruleNode(i)?.querySelector('.rule-status');
  if (!el) return;
  el.className = `rule-status ${kind}`;
  el.textContent = text;
}

/** The schedule box of rule `i`: its next fire times and "Fire now", or hidden (no schedule). */
function renderSchedule(i, accepted) {
  const node = ruleNode(i);
  if (!node) return;
  const box = node.querySelector('.rule-schedule');
  const list = box.querySelector('.fire-times');
  const button = box.querySelector('.fire-now');
  list.textContent = '';
  box.hidden = !accepted?.schedule;
  if (box.hidden) return;
  const bus = state.rules.bus.trim() || 'default';
  let times = [];
  try {
    times = busEb.nextFireTimes(accepted.name, NEXT_FIRE_COUNT, { EventBusName: bus });
  } catch (e) {
    const li = document.createElement('li');
    li.textContent = `${e.name}: ${e.message}`;
    list.appendChild(li);
  }
  for (const t of times) {
    const li = document.createElement('li');
    li.dataset.testid = 'fire-time';
    const time = document.createElement('time');
    time.dateTime = t.toISOString();
    time.textContent = t.toISOString().replace('.000Z', 'Z');
    li.appendChild(time);
    list.appendChild(li);
  }
  if (times.length === 0 && list.childElementCount === 0) {
    const li = document.createElement('li');
    li.textContent = 'No further fire times (the schedule has ended).';
    list.appendChild(li);
  }
  button.setAttribute('aria-label', `Fire ${accepted.name} now`);
  button.onclick = () => fireNow(accepted.name);
  return times[0];
}

/** Re-renders every rule's next fire times; again once the earliest of them has passed. */
function renderSchedules() {
  clearTimeout(refreshTimer);
  let earliest;
  busRules.forEach((r) => {
    const next = renderSchedule(r.index, r);
    if (next && (!earliest || next < earliest)) earliest = next;
  });
  state.rules.rules.forEach((_, i) => {
    if (!busRules.some((r) => r.index === i)) renderSchedule(i, undefined);
  });
  if (earliest) {
    const delay = Math.min(2 ** 31 - 1, Math.max(0, earliest.getTime() - Date.now()) + 250);
    refreshTimer = setTimeout(renderSchedules, delay);
  }
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
    accepted.push({ index: i, name: rule.name, arn, schedule: input.ScheduleExpression });
    const lines = [`${arn}: ${targets.length - failed.length} target(s)`];
    for (const f of failed) lines.push(`PutTargets failed for ${f.TargetId}: ${f.ErrorCode}: ${f.ErrorMessage}`);
    ruleStatus(i, failed.length ? 'error' : 'ok', lines.join('\n'));
  });
  // Scheduled firings happen on their own (the emulator's real clock): collect their deliveries
  // as they come. A handler for every target that does nothing is what "no handler" does too.
  next.onTarget(() => true, () => {
    setTimeout(() => {
      if (busEb === next) collectDeliveries();
    }, 0);
  });
  if (busEb) busEb.dispose(); // also stops its scheduled rules
  busEb = next;
  busRules = accepted;
  busSeen = 0;
  renderSchedules();
}

const rulesChanged = debounce(() => {
  rebuildBus();
  saveHash();
}, DEBOUNCE_MS * 2);

function ruleNameOf(arn) {
  return String(arn ?? '').split('/').pop();
}

/** Appends the emulator's new deliveries to the list; returns how many there were. */
function collectDeliveries() {
  const log = busEb.deliveries();
  const got = log.slice(busSeen).map((d) => ({
    rule: ruleNameOf(d.ruleArn),
    target: d.targetId,
    arn: d.targetArn,
    payload: d.payload,
    status: d.status,
  }));
  busSeen = log.length;
  if (got.length) {
    deliveries.push(...got);
    renderDeliveries();
    renderSchedules();
  }
  return got.length;
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
  try {
    response = await busEb.putEvents({ Entries: entries });
    await busEb.flush();
  } catch (e) {
    $('put-result').textContent = `PutEvents: ${e.name}: ${e.message}`;
    return;
  }
  const count = collectDeliveries();
  const failed = response.FailedEntryCount ?? 0;
  const errors = (response.Entries ?? []).filter((x) => x.ErrorCode).map((x) => `${x.ErrorCode}: ${x.ErrorMessage}`);
  $('put-result').textContent =
    `PutEvents: ${entries.length - failed} entr${entries.length - failed === 1 ? 'y' : 'ies'} accepted, ${failed} failed` +
    `${errors.length ? ` (${errors.join('; ')})` : ''}; ${count} deliver${count === 1 ? 'y' : 'ies'}.`;
}

/** "Fire now": the rule's Scheduled Event, as its schedule would send it at this instant. */
async function fireNow(name) {
  const bus = state.rules.bus.trim() || 'default';
  let out;
  try {
    out = await busEb.triggerSchedule(name, { EventBusName: bus });
    await busEb.flush();
  } catch (e) {
    $('put-result').textContent = `Fire now (${name}): ${e.name}: ${e.message}`;
    return;
  }
  const count = collectDeliveries();
  $('put-result').textContent =
    `Fire now (${name}): Scheduled Event ${out.EventId}; ${count} deliver${count === 1 ? 'y' : 'ies'}.`;
}

function renderDeliveries() {
  const body = $('deliveries').tBodies[0];
  body.textContent = '';
  if (deliveries.length === 0) {
    const tr = body.insertRow();
    const td = tr.insertCell();
    td.colSpan = 3;
    td.className = 'empty';
    td.textContent = 'No deliveries yet: press PutEvents or a scheduled rule\'s Fire now.';
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
