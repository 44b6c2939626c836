// The event rendered as a tree of fields, where the explanation of the verdict is shown in place
// and where a click on a value adds it to the pattern.
//
// Every field (object member) is a row with data-field-path (its dotted path, as a pattern names
// it). After a verdict, the rows of every field the pattern names get data-field-state (matched or
// failed), and each value the core listed gets data-value-state (and data-chosen on the one that
// satisfied the field). Fields the pattern names but the event lacks are listed after the event,
// with the same attributes. The states are the core's (explainEventPattern): nothing is decided
// here.
import { rovingFocus } from './roving-focus.js';
import { el } from './dom.js';

// Arrays longer than this show their first elements and a button for the rest; a whole event shows
// at most about ROW_BUDGET rows before further containers stay collapsed, so that a large event
// renders in a few milliseconds.
const ARRAY_PREVIEW = 100;
const ROW_BUDGET = 2500;

export class EventView {
  /**
   * `container`: the element to render into. `onPick({ keys, node })` runs when a value is
   * clicked: `keys` are the object keys from the top (arrays left out, as patterns name paths).
   */
  constructor(container, { onPick }) {
    this.container = container;
    this.onPick = onPick;
    this.rowsByPath = new Map(); // dotted path -> rows (one per occurrence, e.g. per array element)
    this.valuesByKey = new Map(); // `${path}|${indices}` -> value elements
    this.explained = [];
    this.missing = el('div', 'ev-missing');
    this.leaves = new Map();
    this.focus = rovingFocus(container, 'button.ev-val');
    container.addEventListener('click', (e) => {
      const button = e.target.closest('button.ev-val');
      if (button && this.leaves.has(button)) this.onPick(this.leaves.get(button));
    });
  }

  /** Renders the event's model (json-model.js); undefined shows `message` instead. */
  render(model, message = '') {
    this.container.textContent = '';
    this.rowsByPath.clear();
    this.valuesByKey.clear();
    this.leaves = new Map();
    this.budget = ROW_BUDGET;
    if (!model || model.kind !== 'object') {
      this.container.appendChild(el('p', 'hint', message));
      return;
    }
    const tree = el('div', 'ev-tree');
    tree.setAttribute('role', 'group');
    this.container.appendChild(tree);
    this.renderValue(tree, model, { keys: [], indices: [], depth: 0, label: null, last: true });
    this.container.appendChild(this.missing);
    this.focus.reset();
    this.applyExplanation();
  }

  row(parent, depth) {
    const row = el('div', 'ev-row');
    row.style.setProperty('--depth', String(depth));
    parent.appendChild(row);
    this.budget--;
    return row;
  }

  // One value. A member of an object (`label` is its key's text) is wrapped in an element that
  // carries its dotted path and holds all its rows; array elements and the top level are not.
  renderValue(parent, node, { keys, indices, depth, label, last }) {
    const path = keys.join('.');
    let holder = parent;
    if (label !== null) {
      holder = el('div', 'ev-field');
      holder.dataset.fieldPath = path;
      let list = this.rowsByPath.get(path);
      if (!list) this.rowsByPath.set(path, (list = []));
      list.push(holder);
      parent.appendChild(holder);
    }
    const row = this.row(holder, depth);
    if (label !== null) {
      row.appendChild(el('span', 'ev-key', label));
      row.appendChild(el('span', 'ev-punct', ': '));
    }
    const comma = last ? '' : ',';
    if (node.kind !== 'object' && node.kind !== 'array') {
      const button = el('button', `ev-val ev-${node.kind}`, node.text);
      button.type = 'button';
      button.dataset.path = path;
      button.dataset.indices = indices.join('.');
      const shown = node.text.length > 40 ? `${node.text.slice(0, 40)}…` : node.text;
      button.title = `Add ${path || 'this value'}: ${shown} to the pattern`;
      this.leaves.set(button, { keys, node, indices });
      const key = `${path}|${indices.join('.')}`;
      let list = this.valuesByKey.get(key);
      if (!list) this.valuesByKey.set(key, (list = []));
      list.push(button);
      row.appendChild(button);
      if (comma) row.appendChild(el('span', 'ev-punct', comma));
      return;
    }
    const object = node.kind === 'object';
    const children = object ? node.props : node.items;
    if (children.length === 0) {
      row.appendChild(el('span', 'ev-punct', (object ? '{}' : '[]') + comma));
      return;
    }
    row.appendChild(el('span', 'ev-punct', object ? '{' : '['));
    const body = el('div', 'ev-body');
    holder.appendChild(body);
    const close = this.row(holder, depth);
    close.appendChild(el('span', 'ev-punct', (object ? '}' : ']') + comma));
    const renderChildren = (from, to) => {
      for (let i = from; i < to; i++) {
        const lastChild = i === children.length - 1;
        if (object) {
          const p = node.props[i];
          this.renderValue(body, p.value, { keys: [...keys, p.key], indices, depth: depth + 1, label: p.keyText, last: lastChild });
        } else {
          this.renderValue(body, node.items[i], { keys, indices: [...indices, i], depth: depth + 1, label: null, last: lastChild });
        }
      }
    };
    const shown = this.budget <= 0 ? 0 : object ? children.length : Math.min(children.length, ARRAY_PREVIEW);
    renderChildren(0, shown);
    if (shown < children.length) {
      const rest = children.length - shown;
      const more = el('button', 'ev-more secondary', `Show ${shown ? 'the other ' : ''}${rest} ${object ? 'fields' : 'elements'}`);
      more.type = 'button';
      const moreRow = this.row(body, depth + 1);
      moreRow.appendChild(more);
      more.addEventListener('click', () => {
        moreRow.remove();
        this.budget = Infinity;
        renderChildren(shown, children.length);
        this.focus.reset();
        this.applyExplanation();
      });
    }
  }

  /** Shows an explanation (explainEventPattern's answer), or none (undefined). */
  explain(explanation) {
    this.explanation = explanation;
    this.applyExplanation();
  }

  applyExplanation() {
    for (const node of this.explained) {
      delete node.dataset.fieldState;
      delete node.dataset.valueState;
      delete node.dataset.chosen;
    }
    this.explained = [];
    this.missing.textContent = '';
    const e = this.explanation;
    if (!e) return;
    // The fields of the alternative the verdict is about, then those only other $or branches name.
    const fields = new Map();
    const shown = e.alternatives[e.alternative];
    for (const f of shown?.fields ?? []) fields.set(f.path, f);
    for (const alt of e.alternatives) for (const f of alt.fields) if (!fields.has(f.path)) fields.set(f.path, f);

    const missing = [];
    for (const [path, f] of fields) {
      const rows = this.rowsByPath.get(path) ?? [];
      const states = new Map(); // row -> matched?
      for (let i = 0; i < f.values.length; i++) {
        const v = f.values[i];
        for (const button of this.valuesByKey.get(`${path}|${v.indices.join('.')}`) ?? []) {
          button.dataset.valueState = v.matched && f.matched ? 'matched' : 'failed';
          if (i === f.chosen) button.dataset.chosen = 'true';
          this.explained.push(button);
          const row = button.closest('[data-field-path]');
          if (row) states.set(row, (states.get(row) ?? false) || (v.matched && f.matched));
        }
      }
      for (const row of rows) {
        // A row none of whose values the core listed (past the first 50) takes the field's state.
        const matched = states.has(row) ? states.get(row) : f.matched;
        row.dataset.fieldState = matched ? 'matched' : 'failed';
        this.explained.push(row);
      }
      if (rows.length === 0 && f.valueCount === 0) missing.push(f);
    }
    if (missing.length) {
      this.missing.appendChild(el('p', 'ev-missing-title', 'Named by the pattern, not in the event:'));
      for (const f of missing) {
        const row = el('div', 'ev-row ev-absent');
        row.dataset.fieldPath = f.path;
        row.dataset.fieldState = f.matched ? 'matched' : 'failed';
        row.classList.add('ev-field');
        row.appendChild(el('span', 'ev-key', f.path));
        row.appendChild(el('span', 'ev-note', f.matched ? ' absent, as {"exists": false} requires' : ' missing'));
        this.missing.appendChild(row);
      }
    }
  }
}
