// Rules mode: rules with targets on one bus, PutEvents, scheduled rules, deliveries, and for each
// rule why it did or did not fire for each event. Everything goes through the emulator's one
// dispatcher: PutEvents, scheduled firings and "Fire now" are the core's routing, performed by the
// package's delivery runtime; the "why" is the core's explanation (explainEventPattern) of the
// rule's pattern against the event exactly as the bus built it from the entry.
import { EventBridge } from './pkg/index.browser.js';
import { whyItem } from './why-view.js';
import { observeBus, observerArn } from './bus-observer.js';
import { byId as $, el } from './dom.js';
import { debounce } from './debounce.js';
import { acceptedText, putEntries } from './put-entries.js';

const NEXT_FIRE_COUNT = 5;

function ruleNameOf(arn) {
  return String(arn ?? '').split('/').pop();
}

export class RulesMode {
  constructor({ getState, saveSoon, account, region }) {
    this.getState = getState;
    this.saveSoon = saveSoon;
    this.account = account;
    this.region = region;
    this.busEb = undefined; // the emulator holding the rules (real clock: scheduled rules fire on their own)
    this.busRules = []; // [{ index, name, arn, schedule, pattern }] accepted by PutRule, in order
    this.busSeen = 0; // how many of busEb.deliveries() are already in `deliveries`
    this.refreshTimer = undefined; // re-renders the next fire times when the earliest one has passed
    this.deliveries = [];
    this.lastEvents = []; // [{ entry: number, eventId, event }] of the last PutEvents
    this.observed = new Map(); // event id -> the event's text, as the observer rule received it
    this.observerArn = observerArn(region, account);
    this.changed = debounce(() => {
      this.rebuild();
      this.saveSoon();
    }, 300);
  }

  get rules() {
    return this.getState().rules;
  }

  load() {
    $('bus-name').value = this.rules.bus;
    $('entries').value = this.rules.entries;
    this.renderRules();
    this.renderDeliveries();
  }

  newRuleName() {
    const names = new Set(this.rules.rules.map((r) => r.name));
    let i = this.rules.rules.length + 1;
    while (names.has(`rule-${i}`)) i++;
    return `rule-${i}`;
  }

  renderRules() {
    const box = $('rules');
    box.textContent = '';
    const tpl = $('rule-template');
    this.rules.rules.forEach((rule, i) => {
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
          this.rules.rules[i][field] = input.value;
          this.changed();
        });
      }
      node.querySelector('.fire-times-title').id = `rule-${i}-fire-times-title`;
      node.querySelector('.fire-times').setAttribute('aria-labelledby', `rule-${i}-fire-times-title`);
      node.querySelector('.remove-rule').addEventListener('click', () => {
        this.rules.rules.splice(i, 1);
        this.renderRules();
        this.rebuild();
        this.saveSoon();
        $('add-rule').focus();
      });
      box.appendChild(node);
    });
  }

  ruleNode(i) {
    return document.querySelector(`#rules [data-index="${i}"]`);
  }

  ruleStatus(i, kind, text) {
    const el2 = this.ruleNode(i)?.querySelector('.rule-status');
    if (!el2) return;
    el2.className = `rule-status ${kind}`;
    el2.textContent = text;
  }

  /** The schedule box of rule `i`: its next fire times and "Fire now", or hidden (no schedule). */
  renderSchedule(i, accepted) {
    const node = this.ruleNode(i);
    if (!node) return undefined;
    const box = node.querySelector('.rule-schedule');
    const list = box.querySelector('.fire-times');
    const button = box.querySelector('.fire-now');
    list.textContent = '';
    box.hidden = !accepted?.schedule;
    if (box.hidden) return undefined;
    const bus = this.rules.bus.trim() || 'default';
    let times = [];
    try {
      times = this.busEb.nextFireTimes(accepted.name, NEXT_FIRE_COUNT, { EventBusName: bus });
    } catch (e) {
      list.appendChild(el('li', '', `${e.name}: ${e.message}`));
    }
    for (const t of times) {
      const li = el('li');
      li.dataset.testid = 'fire-time';
      const time = el('time', '', t.toISOString().replace('.000Z', 'Z'));
      time.dateTime = t.toISOString();
      li.appendChild(time);
      list.appendChild(li);
    }
    if (times.length === 0 && list.childElementCount === 0) {
      list.appendChild(el('li', '', 'No further fire times (the schedule has ended).'));
    }
    button.setAttribute('aria-label', `Fire ${accepted.name} now`);
    button.onclick = () => this.fireNow(accepted.name);
    return times[0];
  }

  /** Re-renders every rule's next fire times; again once the earliest of them has passed. */
  renderSchedules() {
    clearTimeout(this.refreshTimer);
    let earliest;
    this.busRules.forEach((r) => {
      const next = this.renderSchedule(r.index, r);
      if (next && (!earliest || next < earliest)) earliest = next;
    });
    this.rules.rules.forEach((_, i) => {
      if (!this.busRules.some((r) => r.index === i)) this.renderSchedule(i, undefined);
    });
    if (earliest) {
      const delay = Math.min(2 ** 31 - 1, Math.max(0, earliest.getTime() - Date.now()) + 250);
      this.refreshTimer = setTimeout(() => this.renderSchedules(), delay);
    }
  }

  async rebuild() {
    const next = await EventBridge.create({ accountId: this.account, region: this.region });
    const bus = this.rules.bus.trim() || 'default';
    const accepted = [];
    let busError = '';
    if (bus !== 'default') {
      try {
        next.createEventBus({ Name: bus });
      } catch (e) {
        busError = `CreateEventBus: ${e.name}: ${e.message}`;
      }
    }
    this.rules.rules.forEach((rule, i) => {
      if (busError) return this.ruleStatus(i, 'error', busError);
      const input = { Name: rule.name, EventBusName: bus };
      if (rule.pattern.trim() !== '') input.EventPattern = rule.pattern;
      if (rule.schedule.trim() !== '') input.ScheduleExpression = rule.schedule.trim();
      let arn;
      try {
        arn = next.putRule(input).RuleArn;
      } catch (e) {
        return this.ruleStatus(i, 'error', `PutRule: ${e.name}: ${e.message}`);
      }
      let targets;
      try {
        targets = rule.targets.trim() === '' ? [] : JSON.parse(rule.targets);
      } catch (e) {
        return this.ruleStatus(i, 'error', `Targets are not valid JSON: ${e.message}`);
      }
      let failed = [];
      if (targets.length > 0 || !Array.isArray(targets)) {
        try {
          const r = next.putTargets({ Rule: rule.name, EventBusName: bus, Targets: targets });
          failed = r.FailedEntries ?? [];
        } catch (e) {
          return this.ruleStatus(i, 'error', `PutTargets: ${e.name}: ${e.message}`);
        }
      }
      accepted.push({ index: i, name: rule.name, arn, schedule: input.ScheduleExpression, pattern: input.EventPattern });
      const lines = [`${arn}: ${targets.length - failed.length} target(s)`];
      for (const f of failed) lines.push(`PutTargets failed for ${f.TargetId}: ${f.ErrorCode}: ${f.ErrorMessage}`);
      this.ruleStatus(i, failed.length ? 'error' : 'ok', lines.join('\n'));
    });
    // (a user's rule named like the observer: the "why" lines are then not shown)
    if (!busError) observeBus(next, bus, this.observerArn);
    // Scheduled firings happen on their own (the emulator's real clock): collect their deliveries
    // as they come. A handler for every target that does nothing is what "no handler" does too.
    next.onTarget(() => true, () => {
      setTimeout(() => {
        if (this.busEb === next) this.collectDeliveries();
      }, 0);
    });
    if (this.busEb) this.busEb.dispose(); // also stops its scheduled rules
    this.busEb = next;
    this.busRules = accepted;
    this.busSeen = 0;
    this.lastEvents = [];
    this.renderSchedules();
    this.renderWhy();
  }

  /** Appends the emulator's new deliveries to the list; returns how many there were. */
  collectDeliveries() {
    const log = this.busEb.deliveries();
    const fresh = log.slice(this.busSeen);
    this.busSeen = log.length;
    const got = [];
    for (const d of fresh) {
      if (d.targetArn === this.observerArn) {
        this.observed.set(d.eventId, d.payload);
        continue;
      }
      got.push({ rule: ruleNameOf(d.ruleArn), target: d.targetId, arn: d.targetArn, payload: d.payload, status: d.status });
    }
    if (got.length) {
      this.deliveries.push(...got);
      this.renderDeliveries();
      this.renderSchedules();
    }
    return got.length;
  }

  async putEvents() {
    this.observed.clear();
    const put = await putEntries(this.busEb, this.rules.entries, $('put-result'));
    if (!put) return;
    const { response } = put;
    const count = this.collectDeliveries();
    $('put-result').textContent = `${acceptedText(put)}; ${count} deliver${count === 1 ? 'y' : 'ies'}.`;
    this.lastEvents = (response.Entries ?? [])
      .map((r, i) => ({ entry: i + 1, eventId: r.EventId, event: r.EventId ? this.observed.get(r.EventId) : undefined }))
      .filter((x) => x.event !== undefined);
    this.renderWhy();
  }

  /** Each accepted rule's reasons for the last PutEvents' events. */
  renderWhy() {
    document.querySelectorAll('#rules .rule-why').forEach((ul) => (ul.textContent = ''));
    for (const rule of this.busRules) {
      const ul = this.ruleNode(rule.index)?.querySelector('.rule-why');
      if (!ul) continue;
      for (const { entry, event } of this.lastEvents) ul.appendChild(whyItem(rule.pattern, entry, event));
    }
  }

  /** "Fire now": the rule's Scheduled Event, as its schedule would send it at this instant. */
  async fireNow(name) {
    const bus = this.rules.bus.trim() || 'default';
    let out;
    try {
      out = await this.busEb.triggerSchedule(name, { EventBusName: bus });
      await this.busEb.flush();
    } catch (e) {
      $('put-result').textContent = `Fire now (${name}): ${e.name}: ${e.message}`;
      return;
    }
    const count = this.collectDeliveries();
    $('put-result').textContent = `Fire now (${name}): Scheduled Event ${out.EventId}; ${count} deliver${count === 1 ? 'y' : 'ies'}.`;
  }

  renderDeliveries() {
    const body = $('deliveries').tBodies[0];
    body.textContent = '';
    if (this.deliveries.length === 0) {
      const tr = body.insertRow();
      const td = tr.insertCell();
      td.colSpan = 3;
      td.className = 'empty';
      td.textContent = 'No deliveries yet: press PutEvents or a scheduled rule\'s Fire now.';
      return;
    }
    for (const d of this.deliveries) {
      const tr = body.insertRow();
      tr.dataset.testid = 'delivery';
      tr.insertCell().textContent = d.rule;
      const t = tr.insertCell();
      t.textContent = d.target;
      t.title = d.arn;
      const pre = el('pre');
      if (d.payload === undefined) {
        pre.textContent = 'not delivered';
        tr.insertCell().appendChild(pre).parentElement.className = 'empty';
      } else {
        pre.textContent = d.payload;
        tr.insertCell().appendChild(pre);
      }
    }
  }

  wire(resetExample) {
    $('bus-name').addEventListener('input', (e) => {
      this.rules.bus = e.target.value;
      this.changed();
    });
    $('entries').addEventListener('input', (e) => {
      this.rules.entries = e.target.value;
      this.saveSoon();
    });
    $('add-rule').addEventListener('click', () => {
      this.rules.rules.push({
        name: this.newRuleName(),
        pattern: '{\n  "source": ["com.example.orders"]\n}',
        schedule: '',
        targets: `[\n  { "Id": "t1", "Arn": "arn:aws:sqs:${this.region}:${this.account}:queue" }\n]`,
      });
      this.renderRules();
      this.rebuild();
      this.saveSoon();
      const inputs = document.querySelectorAll('#rules [data-field=name]');
      inputs[inputs.length - 1]?.focus();
    });
    $('reset-rules').addEventListener('click', () => {
      this.getState().rules = resetExample();
      this.load();
      this.rebuild();
      this.saveSoon();
    });
    $('put-events').addEventListener('click', () => this.putEvents());
    $('clear-deliveries').addEventListener('click', () => {
      this.deliveries.length = 0;
      $('put-result').textContent = '';
      this.renderDeliveries();
    });
  }
}
