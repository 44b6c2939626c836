// Every example of issue 15 (error texts whole, wildcard complexity, case folding, the answers kept
// against AWS's engine) through the public API, EventBridge.testEventPattern, with the exact text:
// the table is tests/fixtures/issue15-examples.json (tests/native/issue15_examples_test.cpp runs it
// through the C++ dispatcher). Each case's `note` says where its answer comes from.
import fs from 'node:fs';
import path from 'node:path';
import { EventBridge } from '../../js/src/index.node';

interface Example {
  pattern: string;
  expect: 'match' | 'no-match' | 'invalid';
  detail?: unknown;
  message?: string;
  note?: string;
}

const doc = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/issue15-examples.json'), 'utf8')) as {
  envelope: Record<string, unknown>;
  cases: Example[];
};

let eb: EventBridge;
beforeAll(async () => {
  eb = await EventBridge.create();
});
afterAll(() => eb.dispose());

test('the table holds the issue\'s examples', () => {
  expect(doc.cases.length).toBeGreaterThan(40);
});

test.each(doc.cases.map((c) => [c.note ? `${c.pattern} (${c.note})` : c.pattern, c] as [string, Example]))('%s', (_name, c) => {
  const Event = JSON.stringify({ ...doc.envelope, detail: c.detail ?? {} });
  if (c.expect === 'invalid') {
    let error: { name?: string; message?: string } | undefined;
    try {
      eb.testEventPattern({ EventPattern: c.pattern, Event });
    } catch (e) {
      error = e as { name?: string; message?: string };
    }
    expect(error).toBeDefined();
    expect(error?.name).toBe('InvalidEventPatternException');
    expect(error?.message).toBe(c.message);
  } else {
    expect(eb.testEventPattern({ EventPattern: c.pattern, Event }).Result).toBe(c.expect === 'match');
  }
});
