// The playground: the eventbridge-wasm package (bundled into ./pkg by scripts/build-web.mjs)
// computes every answer in this page; there is no server logic and no network request but the
// page's own files. scripts/build-web.mjs bundles this module and its imports (CodeMirror included)
// into app.js, leaving ./pkg/index.browser.js a module of its own, next to its .wasm.
import { EventBridge, explainEventPattern, renderTargetInput } from './pkg/index.browser.js';
import { EVENTS, EXAMPLES, RULES_EXAMPLE, formatJson } from './examples.js';
import { createJsonEditor } from './editor.js';
import { parseJson } from './json-model.js';
import { EventView } from './event-view.js';
import { renderWhy, summary } from './why-view.js';
import { BuilderView } from './builder-view.js';
import { Catalogue } from './catalogue.js';
import { RulesMode } from './rules-mode.js';
import { StackMode } from './stack-mode.js';
import { defaultState, isOwnHash, rememberHash, saveHash, stateFromHash, targetFromExample } from './state.js';
import { initTheme } from './theme.js';
import { debounce } from './debounce.js';
import { byId as $ } from './dom.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const RULE_NAME = 'playground-rule';
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${RULE_NAME}`;
const TARGET_BASE = { Id: 'playground-target', Arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:playground-queue` };
// The verdict follows every keystroke (in the next animation frame); the target's payload and the
// explained event's rendering follow once typing pauses (longer for a large event, whose rendering
// takes tens of milliseconds), and the URL after that (encoding a 256 KB state takes about as long).
const SETTLE_MS = 150;
const LARGE_EVENT = 32 * 1024;
const settleDelay = () => (state.event.length > LARGE_EVENT ? SETTLE_MS * 4 : SETTLE_MS);
const saveDelay = () => (state.event.length > LARGE_EVENT ? 2000 : SETTLE_MS * 3);

/** Runs `fn` as a User Timing measure named `ebw:<name>` (visible in the browser's profiler). */
function measured(name, fn) {
  const start = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(`ebw:${name}`, { start, end: performance.now() });
  }
}

let state = stateFromHash() ?? defaultState();
let eb; // the emulator for TestEventPattern

const saveSoon = debounce(() => measured('save-url', () => saveHash(state)), saveDelay);

// ---------------------------------------------------------------------------------------------
// Editors.

/** The editor of `name` (event or pattern): its content element is [data-testid=<name>]. */
function jsonEditor(name, describedBy, onText) {
  return createJsonEditor({
    parent: $(`${name}-editor`),
    doc: state[name],
    attributes: { id: name, 'data-testid': name, 'aria-labelledby': `${name}-label`, 'aria-describedby': describedBy },
    onChange(text) {
      state[name] = text;
      onText();
    },
  });
}

const eventEditor = jsonEditor('event', 'event-hint', () => {
  $('sample-source').textContent = '';
  changed({ event: true });
});
const patternEditor = jsonEditor('pattern', 'explanation verdict', () => changed({ pattern: true }));

// ---------------------------------------------------------------------------------------------
// Verdict and explanation.

/** Line and column from an AWS (Jackson) message: "... at [Source: ...; line: 1, column: 24]". */
function positionOf(message) {
  const m = /line: (\d+), column: (\d+)\]\s*$/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

let gotoTarget; // { editor, from, to } for the "Go to the position" button
let verdictState = { matched: false, reason: '' };

function setVerdict(kind, text, detail = '', position) {
  const v = $('verdict');
  gotoTarget = position;
  if (v.textContent === text && v.dataset.state === kind && $('verdict-detail').textContent === detail) return;
  v.className = `verdict ${kind}`;
  v.textContent = text;
  v.dataset.state = kind;
  $('verdict-detail').textContent = detail;
  $('verdict-detail').hidden = detail === '';
  $('goto-position').hidden = !position;
}

function setExplanation(text) {
  if ($('explanation').textContent === text && !$('explanation').hidden === (text !== '')) return;
  $('explanation').textContent = text;
  $('explanation').hidden = text === '';
}

const eventView = new EventView($('event-view'), { onPick: (leaf) => builder.addValue(leaf) });

function evaluatePattern() {
  if (!eb) return;
  const eventText = state.event;
  const patternText = state.pattern;
  eventEditor.clearError();
  patternEditor.clearError();
  let explanation;
  try {
    const matched = eb.testEventPattern({ EventPattern: patternText, Event: eventText }).Result === true;
    try {
      explanation = explainEventPattern(patternText, eventText);
    } catch (e) {
      // Not reached: the pattern and the event were just accepted by TestEventPattern.
      setExplanation(`The explanation failed: ${e.name}: ${e.message}`);
    }
    if (explanation && explanation.matched !== matched) {
      // Never expected (the core's tests cross-check both); said plainly rather than hidden.
      setVerdict('error', `Internal error: TestEventPattern says ${matched} but the explanation says ${explanation.matched}`);
    } else {
      setVerdict(matched ? 'match' : 'nomatch', matched ? 'MATCH' : 'NO MATCH');
      if (explanation) setExplanation(summary(explanation));
    }
    verdictState = { matched, reason: 'the pattern does not match this event' };
  } catch (e) {
    if (!e || !e.$metadata) {
      setVerdict('error', `Error: ${e?.message ?? e}`);
      setExplanation('');
    } else {
      const inPattern = e.name === 'InvalidEventPatternException';
      const editor = inPattern ? patternEditor : eventEditor;
      const pos = positionOf(e.message);
      let detail = '';
      let position;
      if (pos) {
        detail = `At line ${pos.line}, column ${pos.column} of the ${inPattern ? 'pattern' : 'event'}.`;
        const offset = editor.offsetAt(pos.line, pos.column);
        position = { editor, ...editor.showError(offset, `${e.name}: ${e.message}`) };
      } else if (!inPattern) {
        try {
          JSON.parse(eventText);
        } catch (syntax) {
          detail = `The event is not valid JSON (this browser's parser says: ${syntax.message}).`;
        }
      }
      setVerdict('error', `${e.name}: ${e.message}`, detail, position);
      setExplanation('');
    }
    verdictState = { matched: false, reason: e?.name === 'InvalidEventPatternException' ? 'the pattern is not valid' : 'the event is not valid' };
  }
  // Typing elsewhere in the event leaves the explanation as it was: the page's DOM is then left
  // alone, so that a keystroke costs no style or layout work outside the editor.
  const key = explanation ? JSON.stringify(explanation) : '';
  if (key !== shownExplanation) {
    shownExplanation = key;
    eventView.explain(explanation);
    renderWhy($('why'), explanation);
  }
}
let shownExplanation;

// ---------------------------------------------------------------------------------------------
// Target payload.

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

function renderPayload() {
  if (!eb) return;
  const { target, error } = currentTarget();
  if (error) return setPayload('error', error);
  let payload;
  try {
    payload = renderTargetInput(target, state.event, { RuleArn: RULE_ARN, RuleName: RULE_NAME });
  } catch (e) {
    // PutTargets' ValidationException for the target, or the event's own error.
    return setPayload('error', `${e.name}: ${e.message}`);
  }
  if (!verdictState.matched) return setPayload('muted', `Not delivered: ${verdictState.reason}.`);
  if (payload === undefined) {
    return setPayload('muted', 'Not delivered: EventBridge sends nothing to this target for this event.');
  }
  setPayload('ok', payload);
}

// ---------------------------------------------------------------------------------------------
// The explained event and the builder follow the texts.

function renderEventView() {
  eventEditor.whenParsed((text, tree) => {
    measured('event-view', () => {
      eventView.render(parseJson(text, tree), 'The event is not valid JSON: fix it to see its fields.');
    });
  });
}

const builder = new BuilderView($('builder'), {
  getPattern: () => state.pattern,
  setPattern: (text) => patternEditor.setText(text),
});

// What needs redoing. The verdict runs once per animation frame at most; the rest when typing pauses.
const dirty = { verdict: false, builder: false, eventView: true };
let frame = 0;

function changed({ event = false, pattern = false } = {}) {
  if (event || pattern) dirty.verdict = true;
  if (pattern) dirty.builder = true;
  if (event) dirty.eventView = true;
  if (!frame) frame = requestAnimationFrame(flushFrame);
  settle();
  saveSoon();
}

function flushFrame() {
  frame = 0;
  if (dirty.verdict) {
    dirty.verdict = false;
    measured('verdict', evaluatePattern);
  }
  if (dirty.builder) {
    dirty.builder = false;
    measured('builder', () => builder.render());
  }
}

const settle = debounce(() => {
  if (dirty.eventView) {
    dirty.eventView = false;
    renderEventView();
  }
  measured('payload', renderPayload);
}, settleDelay);

function evaluateAll() {
  dirty.verdict = dirty.builder = dirty.eventView = true;
  flushFrame();
  settle.now();
}

// ---------------------------------------------------------------------------------------------
// Loading fields from the state.

function showTargetFields() {
  for (const el of document.querySelectorAll('#target-pane [data-kind]')) {
    el.hidden = el.dataset.kind !== state.target.kind;
  }
}

function loadPatternFields() {
  eventEditor.setText(state.event);
  patternEditor.setText(state.pattern);
  $('target-kind').value = state.target.kind;
  $('target-input').value = state.target.input;
  $('target-input-path').value = state.target.inputPath;
  $('target-paths-map').value = state.target.pathsMap;
  $('target-template').value = state.target.template;
  showTargetFields();
}

function setMode(mode) {
  state.mode = mode;
  for (const m of ['pattern', 'rules', 'stack']) {
    $(`${m}-mode`).hidden = mode !== m;
    $(`mode-${m}`).setAttribute('aria-pressed', String(mode === m));
  }
}

const rules = new RulesMode({ getState: () => state, saveSoon: () => saveHash(state), account: ACCOUNT, region: REGION });
const stack = new StackMode({ account: ACCOUNT, region: REGION });

function loadAll() {
  setMode(state.mode);
  loadPatternFields();
  rules.load();
}

// ---------------------------------------------------------------------------------------------
// Wiring.

function bindTarget(id, update) {
  $(id).addEventListener('input', (e) => {
    update(e.target.value);
    changed({ target: true });
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
    state.target = targetFromExample(ex);
    state.event = formatJson(EVENTS[ex.event]);
    state.pattern = formatJson(ex.pattern);
    loadPatternFields();
    evaluateAll();
  });
  bindTarget('target-input', (v) => (state.target.input = v));
  bindTarget('target-input-path', (v) => (state.target.inputPath = v));
  bindTarget('target-paths-map', (v) => (state.target.pathsMap = v));
  bindTarget('target-template', (v) => (state.target.template = v));
  $('target-kind').addEventListener('change', (e) => {
    state.target.kind = e.target.value;
    showTargetFields();
    changed({ target: true });
  });
  $('goto-position').addEventListener('click', () => {
    if (gotoTarget) gotoTarget.editor.select(gotoTarget.from, gotoTarget.to);
  });
  for (const [button, editor, name] of [['format-event', eventEditor, 'event'], ['format-pattern', patternEditor, 'pattern']]) {
    $(button).addEventListener('click', () => {
      if (!editor.format()) setVerdictNote(`The ${name} is not valid JSON: it cannot be formatted.`);
    });
  }

  $('mode-pattern').addEventListener('click', () => { setMode('pattern'); saveHash(state); });
  $('mode-rules').addEventListener('click', () => { setMode('rules'); saveHash(state); });
  $('mode-stack').addEventListener('click', () => {
    setMode('stack');
    saveHash(state);
    if (!stack.eb) stack.load();
  });
  $('copy-link').addEventListener('click', async () => {
    saveHash(state);
    try {
      await navigator.clipboard.writeText(location.href);
      $('link-status').textContent = 'Link copied.';
    } catch {
      $('link-status').textContent = 'Copy the address bar: it holds the whole state.';
    }
  });
  rules.wire(() => structuredClone(RULES_EXAMPLE));
  stack.wire();

  window.addEventListener('hashchange', () => {
    if (isOwnHash()) return;
    const s = stateFromHash();
    if (!s) return;
    state = s;
    rememberHash();
    loadAll();
    evaluateAll();
    rules.rebuild();
  });
}

function setVerdictNote(text) {
  $('verdict-detail').textContent = text;
  $('verdict-detail').hidden = false;
}

const catalogue = new Catalogue({
  list: $('sample-events'),
  search: $('sample-search'),
  count: $('sample-count'),
  status: $('sample-status'),
  onLoad(sample) {
    eventEditor.setText(formatJson(sample.event));
    $('sample-source').textContent = `Sample: ${sample.title} (${sample.sourceTitle}, ${sample.licence}).`;
  },
});

async function main() {
  initTheme($('theme'));
  wire();
  loadAll();
  catalogue.load('./samples.json');
  try {
    eb = await EventBridge.create({ accountId: ACCOUNT, region: REGION });
  } catch (e) {
    $('loading').textContent = `The engine did not load: ${e.message}`;
    setVerdict('error', `Error: the engine did not load: ${e.message}`);
    return;
  }
  $('loading').hidden = true;
  evaluateAll();
  await rules.rebuild();
  if (state.mode === 'stack') await stack.load();
  saveHash(state);
  document.body.dataset.ready = 'true';
}

main();
