// The page's state and its encoding in the URL hash (#s=<base64url of the JSON state>), so that a
// link reproduces what its sender saw.
import { EVENTS, EXAMPLES, RULES_EXAMPLE, formatJson } from './examples.js';

export function defaultState() {
  const ex = EXAMPLES[0];
  return {
    mode: 'pattern',
    event: formatJson(EVENTS[ex.event]),
    pattern: formatJson(ex.pattern),
    target: targetFromExample(ex),
    rules: structuredClone(RULES_EXAMPLE),
  };
}

export function targetFromExample(ex) {
  const t = ex.target ?? { kind: 'none' };
  return {
    kind: t.kind,
    input: t.input ?? '{"hello": "world"}',
    inputPath: t.inputPath ?? '$.detail',
    pathsMap: t.pathsMap ? formatJson(t.pathsMap) : '{\n  "source": "$.source"\n}',
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

function normaliseRule(r) {
  const str = (v) => (typeof v === 'string' ? v : '');
  return { name: str(r?.name), pattern: str(r?.pattern), schedule: str(r?.schedule), targets: str(r?.targets) };
}

/** The state in the URL hash, or undefined when there is none (or it does not decode). */
export function stateFromHash() {
  const m = /^#s=([A-Za-z0-9_-]*)$/.exec(location.hash);
  if (!m) return undefined;
  try {
    const s = decodeState(m[1]);
    const d = defaultState();
    return {
      mode: ['rules', 'stack'].includes(s.mode) ? s.mode : 'pattern',
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

let lastHash = '';

/** Writes the state into the URL (without a new history entry). */
export function saveHash(state) {
  const hash = `#s=${encodeState(state)}`;
  if (hash === lastHash) return;
  lastHash = hash;
  history.replaceState(null, '', hash);
}

/** Whether the current hash is the one this page wrote last. */
export function isOwnHash() {
  return location.hash === lastHash;
}

export function rememberHash() {
  lastHash = location.hash;
}
