// JSON text as a tree that keeps every token's exact text and position, read from the Lezer JSON
// syntax tree (the parser CodeMirror's JSON mode uses). The page formats, renders and edits JSON
// through it, so that numbers like 1.0 or 12345678901234567890 and string escapes survive exactly
// as written (JSON.parse followed by JSON.stringify would change them), and duplicate keys stay
// visible as the event scanner sees them.
//
// Nodes: { kind: 'object', from, to, props: [{ key, keyText, keyFrom, keyTo, value }] }
//        { kind: 'array', from, to, items: [node] }
//        { kind: 'string' | 'number' | 'true' | 'false' | 'null', from, to, text }
import { parser } from '@lezer/json';

const SCALAR = { String: 'string', Number: 'number', True: 'true', False: 'false', Null: 'null' };

/** Whether the Lezer tree has no syntax error (its error recovery inserts ⚠ nodes). */
function treeIsValid(tree) {
  let valid = true;
  tree.iterate({
    enter(node) {
      if (node.type.isError) valid = false;
      return valid;
    },
  });
  return valid;
}

function build(node, text) {
  const scalar = SCALAR[node.name];
  if (scalar) return { kind: scalar, from: node.from, to: node.to, text: text.slice(node.from, node.to) };
  if (node.name === 'Object') {
    const props = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name !== 'Property') continue;
      const name = c.getChild('PropertyName');
      let value;
      for (let v = name?.nextSibling; v; v = v.nextSibling) {
        if (v.name !== ':') {
          value = v;
          break;
        }
      }
      if (!name || !value) return undefined;
      const keyText = text.slice(name.from, name.to);
      props.push({ key: JSON.parse(keyText), keyText, keyFrom: name.from, keyTo: name.to, value: build(value, text) });
    }
    return { kind: 'object', from: node.from, to: node.to, props };
  }
  if (node.name === 'Array') {
    const items = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === '[' || c.name === ']' || c.name === ',') continue;
      items.push(build(c, text));
    }
    return { kind: 'array', from: node.from, to: node.to, items };
  }
  return undefined;
}

/**
 * Parses JSON text into the model. `tree` may be CodeMirror's syntax tree for the same text.
 * Returns undefined for text that is not valid JSON (checked by JSON.parse as well, which is
 * stricter than the grammar about numbers like 01).
 */
export function parseJson(text, tree) {
  const t = tree ?? parser.parse(text);
  if (!treeIsValid(t)) return undefined;
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const top = t.topNode.firstChild;
  if (!top) return undefined;
  const model = build(top, text);
  return model && model.props?.some((p) => p.value === undefined) ? undefined : model;
}

/** A model node for a JavaScript value (keys and strings escaped as JSON.stringify does). */
export function fromValue(value) {
  if (Array.isArray(value)) return { kind: 'array', items: value.map(fromValue) };
  if (value && typeof value === 'object') {
    return {
      kind: 'object',
      props: Object.entries(value).map(([key, v]) => ({ key, keyText: JSON.stringify(key), value: fromValue(v) })),
    };
  }
  if (typeof value === 'string') return { kind: 'string', text: JSON.stringify(value) };
  if (typeof value === 'number') return { kind: 'number', text: JSON.stringify(value) };
  return { kind: String(value), text: String(value) };
}

/** One line: `{"a": 1, "b": [true, null]}`. */
function inline(node) {
  if (node.kind === 'object') return `{${node.props.map((p) => `${p.keyText}: ${inline(p.value)}`).join(', ')}}`;
  if (node.kind === 'array') return `[${node.items.map(inline).join(', ')}]`;
  return node.text;
}

/**
 * The model as text: 2-space indentation, containers that fit in `width` columns on one line, every
 * token exactly as written.
 */
export function printJson(node, indent = '', width = 72) {
  const flat = inline(node);
  if ((node.kind !== 'object' && node.kind !== 'array') || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (node.kind === 'array') {
    if (node.items.length === 0) return '[]';
    return `[\n${node.items.map((v) => inner + printJson(v, inner, width)).join(',\n')}\n${indent}]`;
  }
  if (node.props.length === 0) return '{}';
  const body = node.props.map((p) => `${inner}${p.keyText}: ${printJson(p.value, inner, width - p.keyText.length - 2)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}

/** Formats JSON text, keeping every token; undefined when the text is not valid JSON. */
export function formatJsonText(text) {
  const model = parseJson(text);
  return model ? printJson(model) : undefined;
}

/** The JavaScript value of a scalar node. */
export function scalarValue(node) {
  return JSON.parse(node.text);
}
