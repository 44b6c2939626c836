import { describe, expect, test } from 'vitest';
import 'eventbridge-wasm/vitest';
import { EventBridge } from 'eventbridge-wasm';

const event = { id: '1', account: '123456789012', source: 'app', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'd', detail: { n: 5 } };

describe('without globals', () => {
  test('toMatchEventPattern and its .not', () => {
    expect(event).toMatchEventPattern({ source: ['app'] });
    expect(event).not.toMatchEventPattern({ source: ['other'] });
  });
  test('an invalid pattern fails both forms', () => {
    expect(() => expect(event).toMatchEventPattern({ source: 'app' })).toThrow(/InvalidEventPatternException/);
    expect(() => expect(event).not.toMatchEventPattern({ source: 'app' })).toThrow(/InvalidEventPatternException/);
  });
  test('EventBridge', async () => {
    const eb = await EventBridge.create();
    expect(eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: JSON.stringify(event) }).Result).toBe(true);
  });
});

test('eventbridge-wasm/jest under Vitest without globals says to use eventbridge-wasm/vitest', async () => {
  await expect(import('eventbridge-wasm/jest')).rejects.toThrow("under Vitest import 'eventbridge-wasm/vitest'");
});
