// Must NOT compile: a misspelt member is an error (tests/package/run.mjs expects exactly this one).
import { EventBridge } from 'eventbridge-wasm';

export async function typo(): Promise<void> {
  const eb = await EventBridge.create();
  eb.putRule({ Nmae: 'r', EventPatern: '{}' });
}
