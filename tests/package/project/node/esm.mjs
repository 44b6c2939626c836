// `import` in Node: the ES-module entry, the same instance as `require`, errors from the SDK.
import { createRequire } from 'node:module';
import { ResourceNotFoundException, EventBridgeServiceException } from '@aws-sdk/client-eventbridge';
import * as ebw from 'eventbridge-wasm';
import { EventBridge, Matcher, init } from 'eventbridge-wasm';

const cjs = createRequire(import.meta.url)('eventbridge-wasm');
await init();
const m = new Matcher();
m.addRule('r', { source: ['app'] });
const eb = await EventBridge.create();
let error;
try {
  eb.describeRule({ Name: 'missing' });
} catch (e) {
  error = e;
}
console.log(JSON.stringify({
  sameInstance: cjs.EventBridge === EventBridge,
  nodeOnly: typeof ebw.createRequestHandler,
  matched: m.match('{"source":"app"}'),
  errorName: error.name,
  sdkClass: error instanceof ResourceNotFoundException && error instanceof EventBridgeServiceException,
}));
