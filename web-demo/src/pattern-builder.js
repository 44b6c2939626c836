// Building a pattern by pointing: a value clicked in the event becomes an exact-match condition,
// and each condition's operator can be changed from a menu. Edits go through json-model.js, so the
// rest of the pattern keeps its exact text (numbers, escapes); the result is re-printed formatted.
import { parseJson, printJson } from './json-model.js';

/** The operators the menu offers, with their labels. */
export const OPERATORS = [
  ['exact', 'equals'],
  ['prefix', 'prefix'],
  ['suffix', 'suffix'],
  ['equals-ignore-case', 'equals-ignore-case'],
  ['wildcard', 'wildcard'],
  ['anything-but', 'anything-but'],
  ['numeric-eq', 'numeric ='],
  ['numeric-range', 'numeric range'],
  ['exists', 'exists'],
  ['absent', 'does not exist'],
  ['cidr', 'cidr'],
];

const STRING_OPS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);

const str = (text) => ({ kind: 'string', text: JSON.stringify(text) });
const num = (text) => ({ kind: 'number', text: String(text) });
const obj = (props) => ({ kind: 'object', props: props.map(([key, value]) => ({ key, keyText: JSON.stringify(key), value })) });
const arr = (items) => ({ kind: 'array', items });

/** The pattern text as a model: '' (or only spaces) is an empty pattern; undefined when not JSON. */
export function patternModel(text) {
  if (text.trim() === '') return obj([]);
  const model = parseJson(text);
  return model?.kind === 'object' ? model : undefined;
}

/** What one match value of a pattern is: its operator and its operand(s) as plain text. */
export function describeItem(item) {
  if (item.kind !== 'object') {
    return { op: 'exact', value: item.kind === 'string' ? JSON.parse(item.text) : item.text, numeric: item.kind === 'number' };
  }
  if (item.props.length !== 1) return { op: 'other' };
  const { key, value } = item.props[0];
  const text = (node) => (node?.kind === 'string' ? JSON.parse(node.text) : node?.text ?? '');
  if ((key === 'prefix' || key === 'suffix') && value.kind === 'object') return { op: 'other' };
  if (STRING_OPS.has(key) || key === 'cidr') return { op: key, value: text(value) };
  if (key === 'exists') return { op: value.kind === 'false' ? 'absent' : 'exists', value: '' };
  if (key === 'anything-but') {
    if (value.kind === 'string' || value.kind === 'number') return { op: 'anything-but', value: text(value), numeric: value.kind === 'number' };
    return { op: 'other' };
  }
  if (key === 'numeric' && value.kind === 'array') {
    const parts = value.items.map(text);
    if (parts.length === 2 && parts[0] === '=') return { op: 'numeric-eq', value: parts[1] };
    if (parts.length === 4 && parts[0] === '>=' && parts[2] === '<') return { op: 'numeric-range', value: parts[1], high: parts[3] };
    return { op: 'other' };
  }
  return { op: 'other' };
}

/** Every value of every field of the pattern (also inside $or branches), in text order. */
export function conditionsOf(model) {
  const out = [];
  const walk = (object, keys, where) => {
    for (const prop of object.props) {
      if (prop.key === '$or' && prop.value.kind === 'array') {
        prop.value.items.forEach((branch, b) => {
          if (branch.kind === 'object') walk(branch, keys, `${where}$or branch ${b + 1}: `);
        });
      } else if (prop.value.kind === 'object') {
        walk(prop.value, [...keys, prop.key], where);
      } else if (prop.value.kind === 'array') {
        prop.value.items.forEach((item, index) => {
          out.push({ keys: [...keys, prop.key], path: [...keys, prop.key].join('.'), where, array: prop.value, index, item, ...describeItem(item) });
        });
      }
    }
  };
  walk(model, [], '');
  return out;
}

/** The number in `text`, or `fallback`. */
function numberText(text, fallback) {
  const t = String(text).trim();
  return t !== '' && Number.isFinite(Number(t)) && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t) ? t : fallback;
}

/**
 * The match value for operator `op` with operand `value` (plain text; `high` for a range);
 * `numeric` says whether an exact or anything-but operand is a number.
 */
export function makeItem(op, value, { numeric = false, high } = {}) {
  const v = String(value ?? '');
  switch (op) {
    case 'exact':
    case 'anything-but': {
      const operand = numeric && numberText(v, undefined) !== undefined ? num(v.trim()) : str(v);
      return op === 'exact' ? operand : obj([['anything-but', operand]]);
    }
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
      return obj([[op, str(v)]]);
    case 'numeric-eq':
      return obj([['numeric', arr([str('='), num(numberText(v, '0'))])]]);
    case 'numeric-range': {
      const low = numberText(v, '0');
      const top = numberText(high, String(Number(low) + 1));
      return obj([['numeric', arr([str('>='), num(low), str('<'), num(top)])]]);
    }
    case 'exists':
      return obj([['exists', { kind: 'true', text: 'true' }]]);
    case 'absent':
      return obj([['exists', { kind: 'false', text: 'false' }]]);
    case 'cidr': {
      let cidr = v.trim();
      if (!cidr.includes('/')) cidr = /^[\d.]+$/.test(cidr) ? `${cidr}/32` : cidr.includes(':') ? `${cidr}/128` : '10.0.0.0/24';
      return obj([['cidr', str(cidr)]]);
    }
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

/** A condition's operand when its operator changes: what the old one held, or a fitting default. */
export function operandFor(condition, op) {
  if (op === 'numeric-range' && condition.op === 'numeric-range') return { value: condition.value, high: condition.high };
  return { value: condition.value ?? '', numeric: condition.numeric };
}

/** Adds `value` (a scalar node of the event) at `keys` as an exact match; returns the new text. */
export function addExactMatch(model, keys, value) {
  let object = model;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    let prop = object.props.find((p) => p.key === key && p.key !== '$or');
    if (last) {
      const item = { kind: value.kind, text: value.text };
      if (prop?.value.kind === 'array') {
        if (!prop.value.items.some((it) => it.kind === item.kind && it.text === item.text)) prop.value.items.push(item);
      } else if (prop) {
        prop.value = arr([item]);
      } else {
        object.props.push({ key, keyText: JSON.stringify(key), value: arr([item]) });
      }
      return;
    }
    if (!prop) {
      prop = { key, keyText: JSON.stringify(key), value: obj([]) };
      object.props.push(prop);
    } else if (prop.value.kind !== 'object') {
      prop.value = obj([]);
    }
    object = prop.value;
  });
  return printJson(model);
}

/** Replaces a condition's match value; returns the new text. */
export function replaceCondition(model, condition, item) {
  condition.array.items[condition.index] = item;
  return printJson(model);
}

/** Removes a condition (and the fields and objects it leaves empty); returns the new text. */
export function removeCondition(model, condition) {
  condition.array.items.splice(condition.index, 1);
  const prune = (object) => {
    object.props = object.props.filter((p) => {
      if (p.value.kind === 'array' && p.key !== '$or') return p.value.items.length > 0;
      if (p.value.kind === 'object') {
        prune(p.value);
        return p.value.props.length > 0;
      }
      if (p.key === '$or' && p.value.kind === 'array') {
        p.value.items.forEach((b) => b.kind === 'object' && prune(b));
      }
      return true;
    });
  };
  prune(model);
  return printJson(model);
}
