// Without the SDK, TypeScript with skipLibCheck (tsc --init's default) still compiles.
import { EventBridge } from 'eventbridge-wasm';

export async function run(): Promise<unknown> {
  const eb = await EventBridge.create();
  return eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
}
