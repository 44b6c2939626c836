// The pattern builder's panel: one row per condition of the pattern (its path, an operator menu,
// its operand), rewritten whenever the pattern changes, and the entry point for values clicked in
// the explained event.
import {
  OPERATORS,
  addExactMatch,
  conditionsOf,
  makeItem,
  operandFor,
  patternModel,
  removeCondition,
  replaceCondition,
} from './pattern-builder.js';
import { el } from './dom.js';

let uid = 0;

/** A text input for a condition's operand; `focusKey` keeps focus on it across re-renders. */
function textInput(testid, focusKey, value, label) {
  const input = el('input', 'cond-value');
  input.type = 'text';
  input.spellcheck = false;
  input.value = value ?? '';
  input.dataset.testid = testid;
  input.dataset.focusKey = focusKey;
  input.setAttribute('aria-label', label);
  return input;
}

export class BuilderView {
  /** `getPattern()` returns the pattern text; `setPattern(text)` replaces it in the editor. */
  constructor(container, { getPattern, setPattern }) {
    this.container = container;
    this.getPattern = getPattern;
    this.setPattern = setPattern;
    this.status = el('p', 'hint');
    this.status.setAttribute('role', 'status');
  }

  /** Adds a value clicked in the event ({ keys, node }) as an exact match. */
  addValue({ keys, node }) {
    const model = patternModel(this.getPattern());
    if (!model) {
      this.status.textContent = 'The pattern is not valid JSON: fix it (or empty it) before adding values.';
      return;
    }
    if (keys.length === 0) return;
    this.setPattern(addExactMatch(model, keys, node));
    this.status.textContent = `Added ${keys.join('.')} = ${node.text.length > 60 ? `${node.text.slice(0, 60)}…` : node.text}.`;
  }

  render() {
    const focused = document.activeElement && this.container.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    this.container.textContent = '';
    const model = patternModel(this.getPattern());
    if (!model) {
      this.container.appendChild(el('p', 'hint', 'The pattern is not valid JSON, so it cannot be shown as conditions.'));
      this.container.appendChild(this.status);
      return;
    }
    const conditions = conditionsOf(model);
    if (conditions.length === 0) {
      this.container.appendChild(el('p', 'hint', 'No conditions yet: click values in the event below to add them.'));
    }
    const list = el('ul', 'conditions');
    conditions.forEach((c, i) => list.appendChild(this.row(c, i)));
    this.container.appendChild(list);
    this.container.appendChild(this.status);
    if (focused) this.container.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  // Re-reads the pattern and applies `edit(model, condition)` to condition `i`, if it is still the
  // same field (the pattern may have been edited since the row was drawn).
  apply(i, path, edit) {
    const model = patternModel(this.getPattern());
    const c = model && conditionsOf(model)[i];
    if (!c || c.path !== path) return;
    this.setPattern(edit(model, c));
  }

  row(c, i) {
    const li = el('li', 'condition');
    li.dataset.testid = 'condition';
    li.dataset.path = c.path;
    li.dataset.op = c.op;
    const id = `cond-${++uid}`;
    const name = el('label', 'cond-path', `${c.where}${c.path}`);
    name.htmlFor = `${id}-op`;
    li.appendChild(name);
    if (c.op === 'other') {
      li.appendChild(el('code', 'cond-other', 'a condition the menu does not cover: edit it in the pattern'));
      return li;
    }
    const select = el('select', 'cond-op');
    select.id = `${id}-op`;
    select.dataset.testid = 'condition-operator';
    select.dataset.focusKey = `${i}-op`;
    for (const [value, label] of OPERATORS) {
      const o = el('option', '', label);
      o.value = value;
      select.appendChild(o);
    }
    select.value = c.op;
    select.addEventListener('change', () => {
      this.apply(i, c.path, (model, cur) => replaceCondition(model, cur, makeItem(select.value, operandFor(cur, select.value).value, operandFor(cur, select.value))));
    });
    li.appendChild(select);

    const hasOperand = c.op !== 'exists' && c.op !== 'absent';
    if (hasOperand) {
      const input = textInput('condition-value', `${i}-value`, c.value, `Value of ${c.path} (${c.op})`);
      const high = textInput('condition-high', `${i}-high`, c.high, `Upper bound (<) of ${c.path}`);
      const commit = () => {
        this.apply(i, c.path, (model, cur) => replaceCondition(model, cur, makeItem(cur.op, input.value, { numeric: cur.numeric, high: high.value })));
      };
      input.addEventListener('change', commit);
      high.addEventListener('change', commit);
      li.appendChild(input);
      if (c.op === 'numeric-range') li.appendChild(high);
    }
    const remove = el('button', 'secondary small', 'Remove');
    remove.type = 'button';
    remove.dataset.focusKey = `${i}-remove`;
    remove.setAttribute('aria-label', `Remove this condition on ${c.path}`);
    remove.addEventListener('click', () => this.apply(i, c.path, removeCondition));
    li.appendChild(remove);
    return li;
  }
}
