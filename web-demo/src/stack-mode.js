// "Your stack" mode: a SAM / CloudFormation / CDK-synthesized template or a serverless.yml (YAML or
// JSON), loaded by the package's EventBridge.loadTemplate into an emulator of its own; its buses,
// rules with their targets, and the load report's skipped resources and warnings are shown. PutEvents
// then shows which of the template's Lambda functions fire, through onFunction(), with the exact
// payload each receives, and every other target's delivery; each rule says why it fired or not for
// each event (the core's explanation, as in rules mode). Nothing runs the functions' code: the page
// records what they would receive.
import { EventBridge } from './pkg/index.browser.js';
import { byId as $, el } from './dom.js';
import { observeBus, observerArn } from './bus-observer.js';
import { whyItem } from './why-view.js';
import { acceptedText, putEntries } from './put-entries.js';
import { STACK_ENTRIES, STACK_TEMPLATE } from './stack-example.js';

const LAMBDA = 'AWS::Lambda::Function';

function lastPart(arn, sep) {
  return String(arn ?? '').split(sep).pop();
}

export class StackMode {
  constructor({ account, region }) {
    this.account = account;
    this.region = region;
    this.eb = undefined;
    this.report = undefined;
    this.invocations = 0; // calls of the onFunction handlers (the functions that fired)
    this.functionOf = new Map(); // function ARN -> logical id
    this.rules = []; // [{ bus, pattern, why: <ul> }] of the loaded stack, as the rules table shows them
    this.lastEvents = []; // [{ entry, bus, event }] of the last PutEvents, as the buses built them
    this.observerArn = observerArn(region, account);
  }

  /** The user's deliveries: the observer's are the "why" lines' events, not something that fired. */
  userDeliveries() {
    return this.eb ? this.eb.deliveries().filter((d) => d.targetArn !== this.observerArn) : [];
  }

  setStatus(kind, text) {
    const s = $('stack-status');
    s.dataset.state = kind;
    s.textContent = text;
  }

  /** Loads the template text into a new emulator (the previous one is disposed). */
  async load() {
    const text = $('stack-template').value;
    if (!text.trim()) {
      this.setStatus('error', 'Paste a template, drop a file on the box, or open one.');
      return;
    }
    const eb = await EventBridge.create({ accountId: this.account, region: this.region });
    let report;
    try {
      // env: a serverless.yml's ${env:...} reads this page's (empty) environment, never the host's.
      report = await eb.loadTemplate(text, { env: {} });
    } catch (e) {
      eb.dispose();
      this.setStatus('error', `${e.name}: ${e.message}`);
      return;
    }
    this.eb?.dispose();
    this.eb = eb;
    this.report = report;
    this.invocations = 0;
    this.lastEvents = [];
    this.functionOf.clear();
    for (const [logicalId, info] of Object.entries(report.resources)) {
      if (info.type !== LAMBDA) continue;
      if (info.arn) this.functionOf.set(info.arn, logicalId);
      // The function "runs" by being counted: its payload is in the delivery log, shown below.
      eb.onFunction(logicalId, () => {
        this.invocations++;
      });
    }
    // Every other target (queues, topics, buses, ...) succeeds: its delivery is shown as it is.
    eb.onTarget(() => true, () => {});
    for (const bus of eb.listEventBuses({}).EventBuses ?? []) observeBus(eb, bus.Name, this.observerArn);
    // Scheduled rules fire on the page's real clock: show their deliveries as they come.
    let pending = false;
    eb.onDelivery(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        if (this.eb === eb) this.renderFired();
      }, 0);
    });
    const rules = report.created.filter((c) => c.type === 'AWS::Events::Rule').length;
    this.setStatus(
      'ok',
      `Loaded ${report.format === 'serverless' ? 'serverless.yml' : report.format === 'terraform-plan' ? 'Terraform plan' : 'template'} as stack ${report.stackName}: ` +
        `${report.created.length} resource${report.created.length === 1 ? '' : 's'} created (${rules} rule${rules === 1 ? '' : 's'}), ${report.skipped.length} skipped.`,
    );
    this.renderStack();
    this.renderFired();
    $('stack-put').disabled = false;
  }

  renderStack() {
    const { eb, report } = this;
    const buses = $('stack-buses');
    buses.textContent = '';
    for (const bus of eb.listEventBuses({}).EventBuses ?? []) {
      const li = el('li', undefined, bus.Name);
      li.dataset.testid = 'stack-bus';
      const from = report.created.find((c) => c.type === 'AWS::Events::EventBus' && c.name === bus.Name);
      const note = from ? ` (${from.logicalId})` : report.implicitBuses.includes(bus.Name) ? ' (not in the template: created for its rules)' : bus.Name === 'default' ? ' (the account\'s default bus)' : '';
      if (note) li.appendChild(el('span', 'hint', note));
      buses.appendChild(li);
    }

    const body = $('stack-rules').tBodies[0];
    body.textContent = '';
    this.rules = [];
    for (const c of report.created.filter((x) => x.type === 'AWS::Events::Rule')) {
      const rule = eb.describeRule({ Name: c.name, EventBusName: c.eventBusName });
      const targets = eb.listTargetsByRule({ Rule: c.name, EventBusName: c.eventBusName }).Targets ?? [];
      const tr = body.insertRow();
      tr.dataset.testid = 'stack-rule';
      const name = tr.insertCell();
      name.appendChild(el('div', undefined, c.logicalId));
      name.appendChild(el('div', 'hint', c.name));
      tr.insertCell().textContent = c.eventBusName ?? 'default';
      const what = el('pre');
      what.textContent = rule.EventPattern ?? `schedule: ${rule.ScheduleExpression}`;
      tr.insertCell().appendChild(what);
      const t = tr.insertCell();
      for (const target of targets) {
        const fn = this.functionOf.get(target.Arn);
        const line = el('div', undefined, fn ? `${fn} (Lambda)` : lastPart(target.Arn, ':'));
        line.title = target.Arn;
        t.appendChild(line);
      }
      if (rule.State && rule.State !== 'ENABLED') t.appendChild(el('div', 'hint', rule.State));
      const why = el('ul', 'rule-why');
      why.dataset.testid = 'rule-why';
      why.setAttribute('aria-label', `Why ${c.logicalId} fired or not`);
      tr.insertCell().appendChild(why);
      this.rules.push({ bus: c.eventBusName ?? 'default', pattern: rule.EventPattern, why });
    }

    const skipped = $('stack-skipped');
    skipped.textContent = '';
    for (const s of report.skipped) {
      const li = el('li');
      li.dataset.testid = 'stack-skipped-item';
      li.appendChild(el('code', undefined, s.logicalId));
      li.appendChild(document.createTextNode(` ${s.type}: ${s.reason}`));
      skipped.appendChild(li);
    }
    // Each load is a new emulator, so report.changes (a reload's differences) is always a list of
    // creations, shown above as the rules; the loader's warnings are worth showing.
    for (const w of report.warnings) skipped.appendChild(el('li', 'hint', `Warning: ${w}`));
  }

  async putEvents() {
    if (!this.eb) return;
    const before = this.invocations;
    const deliveredBefore = this.userDeliveries().length;
    const put = await putEntries(this.eb, $('stack-entries').value, $('stack-put-result'));
    if (!put) return;
    const { response } = put;
    const fired = this.invocations - before;
    const fresh = this.userDeliveries().length - deliveredBefore;
    // The events as each bus built them, from the observer's deliveries (its rule ARN names the bus).
    const observed = new Map();
    for (const d of this.eb.deliveries()) {
      if (d.targetArn !== this.observerArn) continue;
      const path = d.ruleArn.split(':rule/')[1].split('/');
      observed.set(d.eventId, { bus: path.length > 1 ? path[0] : 'default', event: d.payload });
    }
    this.lastEvents = (response.Entries ?? [])
      .map((r, i) => ({ entry: i + 1, ...observed.get(r.EventId) }))
      .filter((x) => x.event !== undefined);
    this.renderFired();
    this.renderWhy();
    $('stack-put-result').textContent =
      `${acceptedText(put)}; ${fired} function invocation${fired === 1 ? '' : 's'}, ${fresh - fired} other deliver${fresh - fired === 1 ? 'y' : 'ies'}.`;
  }

  /** Each rule's reasons for the last PutEvents' events on its bus. */
  renderWhy() {
    for (const rule of this.rules) {
      rule.why.textContent = '';
      for (const { entry, bus, event } of this.lastEvents) {
        if (bus === rule.bus) rule.why.appendChild(whyItem(rule.pattern, entry, event));
      }
    }
  }

  /** The deliveries so far: functions by logical id, other targets by ARN. */
  renderFired() {
    const body = $('stack-fired').tBodies[0];
    body.textContent = '';
    const log = this.userDeliveries();
    if (log.length === 0) {
      const td = body.insertRow().insertCell();
      td.colSpan = 4;
      td.className = 'empty';
      td.textContent = 'Nothing has fired yet: press PutEvents.';
      return;
    }
    for (const d of log) {
      const tr = body.insertRow();
      const fn = this.functionOf.get(d.targetArn);
      tr.dataset.testid = fn ? 'stack-invocation' : 'stack-delivery';
      const who = tr.insertCell();
      who.textContent = fn ?? d.targetArn;
      who.title = d.targetArn;
      tr.insertCell().textContent = lastPart(d.ruleArn, '/');
      tr.insertCell().textContent = d.status;
      const pre = el('pre');
      pre.textContent = d.payload;
      tr.insertCell().appendChild(pre);
    }
  }

  async readFile(file) {
    if (!file) return;
    $('stack-template').value = await file.text();
    this.setStatus('info', `Read ${file.name} (${file.size} bytes); loading it…`);
    await this.load();
  }

  wire() {
    $('stack-template').value = STACK_TEMPLATE;
    $('stack-entries').value = STACK_ENTRIES;
    $('stack-put').disabled = true;
    $('stack-load').addEventListener('click', () => this.load());
    $('stack-example').addEventListener('click', () => {
      $('stack-file').value = '';
      $('stack-template').value = STACK_TEMPLATE;
      $('stack-entries').value = STACK_ENTRIES;
      this.load();
    });
    $('stack-file').addEventListener('change', (e) => this.readFile(e.target.files?.[0]));
    const box = $('stack-template');
    box.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        box.classList.add('drop-target');
      }
    });
    box.addEventListener('dragleave', () => box.classList.remove('drop-target'));
    box.addEventListener('drop', (e) => {
      const file = e.dataTransfer?.files?.[0];
      box.classList.remove('drop-target');
      if (!file) return; // dropped text goes into the box as usual
      e.preventDefault();
      this.readFile(file);
    });
    $('stack-put').addEventListener('click', () => this.putEvents());
  }
}
