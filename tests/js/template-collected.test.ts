// Templates collected for this project from other public repositories (tests/templates, sources in
// its SOURCES.md), checked the same way as the shared set: expected.jsonl and events.jsonl.
import * as fs from 'fs';
import * as path from 'path';
import { EventBridge } from '../../js/src/index.node';
import { Expected, Refusal, readJsonl, rulesMatching, templateLoader } from './template-corpus';

const dir = path.resolve(__dirname, '../templates');
const expected = readJsonl(path.join(dir, 'expected.jsonl')) as Expected[];
const events = readJsonl(path.join(dir, 'events.jsonl'));

const REFUSALS: Record<string, Refusal[]> = {
  // Mixed-case states are refused by PutRule; the third State is a Ref to an undeclared parameter.
  'sam-tests-state_machine_with_event_schedule_state/state_machine_with_event_schedule_state.yaml': [
    { logicalId: 'ScheduledStateMachineSchedule1', reason: /Value 'Enabled' at 'state' failed to satisfy constraint/ },
    { logicalId: 'ScheduledStateMachineSchedule2', reason: /Value 'Enabled' at 'state' failed to satisfy constraint/ },
    { logicalId: 'ScheduledStateMachineSchedule3', reason: /property State\.Ref: Ref ScheduleState: no parameter or resource of that name/ },
  ],
};

const load = templateLoader(dir, REFUSALS);

test('at least 20 collected templates (and the written Terraform plan), every file listed in SOURCES.md, derived plans beside their .tf', () => {
  const sources = fs.readFileSync(path.join(dir, 'SOURCES.md'), 'utf8');
  const collected = expected.filter((e) => !e.template.startsWith('terraform-written/'));
  expect(collected.length).toBeGreaterThanOrEqual(20);
  for (const e of expected) expect(sources).toContain(`\`${e.template}\``);
  // A Terraform plan derived by hand keeps the real .tf files it was derived from beside it, cited.
  for (const e of expected.filter((x) => x.kind === 'terraform' && !x.template.startsWith('terraform-written/'))) {
    const folder = path.dirname(e.template);
    const tf = fs.readdirSync(path.join(dir, folder)).filter((f) => f.endsWith('.tf'));
    expect(tf.length).toBeGreaterThan(0);
    for (const f of tf) expect(sources).toContain(`\`${folder}/${f}\``);
  }
});

describe.each(expected.map((e) => [e.template, e] as const))('%s', (_name, e) => {
  if (e.loadError) {
    // (no collected template is refused at parse time today; kept for one that is)
    test('is refused with a clear error', async () => {
      const eb = await EventBridge.create();
      try {
        await expect(eb.loadTemplate(fs.readFileSync(path.join(dir, e.template), 'utf8'), { parameters: e.parameters })).rejects.toThrow(
          new RegExp(e.loadError),
        );
        expect(eb.listRules({}).Rules).toEqual([]);
      } finally {
        eb.dispose();
      }
    });
    return;
  }
  test('loads to the expected buses, rules, targets and policies', async () => {
    const { problems } = await load(e);
    expect(problems).toEqual([]);
  });
});

describe('sample events fire exactly the listed rules', () => {
  test.each(events.map((ev, i) => [i + 1, ev.template, ev] as const))('event %i (%s)', async (_i, template, sample) => {
    const result = await load(expected.find((x) => x.template === template)!);
    const { matched, delivered, withTargets } = await rulesMatching(result, sample);
    expect(matched).toEqual([...sample.expectedRules].sort());
    if (delivered) expect(delivered).toEqual([...sample.expectedRules].filter((id: string) => withTargets.includes(id)).sort());
  });
});
