// The explanation of a verdict as text: one line for the verdict box, and the list of every
// alternative ($or branches) and field with the core's reason for each.
import { explainEventPattern } from './pkg/index.browser.js';
import { el } from './dom.js';

/** "$or branch 2" (or "$or #2 in detail, branch 1" when the pattern has several) for an alternative. */
export function branchLabel(explanation, alternative) {
  const ors = explanation.ors;
  return alternative.orChoices
    .map(({ or, branch }) => {
      const site = ors[or];
      const which = ors.length > 1 ? ` #${or + 1}` : '';
      const where = site?.path ? ` in ${site.path}` : '';
      return `$or${which}${where}, branch ${branch + 1} of ${site?.branches ?? '?'}`;
    })
    .join(' + ');
}

/** The one-line explanation: the reason for NO MATCH, or what matched. */
export function summary(explanation) {
  if (!explanation.matched) return explanation.reason;
  const alt = explanation.alternatives[explanation.alternative];
  const n = alt.fields.length;
  const branch = branchLabel(explanation, alt);
  return `${n === 1 ? 'Its one field matched' : `All ${n} fields matched`}${branch ? ` (${branch})` : ''}.`;
}

/** Renders every alternative and field into `container`; nothing for no explanation. */
export function renderWhy(container, explanation) {
  container.textContent = '';
  if (!explanation) {
    container.appendChild(el('p', 'hint', 'No explanation: the pattern or the event is not valid.'));
    return;
  }
  const many = explanation.alternatives.length > 1;
  explanation.alternatives.forEach((alt, i) => {
    const box = el('section', 'why-alt');
    box.dataset.testid = 'alternative';
    box.dataset.state = alt.matched ? 'matched' : 'failed';
    if (i === explanation.alternative) box.dataset.shown = 'true';
    if (many) {
      const title = el('p', 'why-alt-title');
      title.appendChild(el('span', `badge ${alt.matched ? 'ok' : 'no'}`, alt.matched ? 'matched' : 'failed'));
      title.appendChild(document.createTextNode(` ${branchLabel(explanation, alt)}`));
      box.appendChild(title);
    }
    const list = el('ul', 'why-fields');
    for (const f of alt.fields) {
      const li = el('li', `why-field ${f.matched ? 'ok' : 'no'}`);
      li.dataset.testid = 'why-field';
      li.dataset.path = f.path;
      li.dataset.state = f.matched ? 'matched' : 'failed';
      li.appendChild(el('span', `badge ${f.matched ? 'ok' : 'no'}`, f.matched ? '✓' : '✗'));
      li.appendChild(document.createTextNode(` ${f.reason}`));
      list.appendChild(li);
    }
    box.appendChild(list);
    container.appendChild(box);
  });
}

/**
 * One "why" line of a rule for one PutEvents entry: whether the rule's pattern (text, or undefined
 * for a schedule-only rule) fired for the event as the bus built it, and the core's reason.
 */
export function whyItem(pattern, entry, eventText) {
  const li = el('li', 'rule-why-item');
  li.dataset.testid = 'rule-why-item';
  let fired = false;
  let text;
  if (!pattern) {
    text = 'no event pattern: this rule fires only on its schedule';
  } else {
    try {
      const why = explainEventPattern(pattern, eventText);
      fired = why.matched;
      text = summary(why);
    } catch (e) {
      text = `${e.name}: ${e.message}`;
    }
  }
  li.dataset.fired = String(fired);
  li.appendChild(el('span', `badge ${fired ? 'ok' : 'no'}`, fired ? 'fired' : 'did not fire'));
  li.appendChild(document.createTextNode(` for entry ${entry}: ${text}`));
  return li;
}
