// Without @aws-sdk/client-eventbridge: everything works; errors are EventBridgeServiceError.
const { EventBridge, EventBridgeServiceError } = require('eventbridge-wasm');

EventBridge.create().then(async (eb) => {
  eb.putRule({ Name: 'r', EventPattern: '{"source":["app"]}' });
  let error;
  try {
    eb.describeRule({ Name: 'missing' });
  } catch (e) {
    error = e;
  }
  const esm = await import('eventbridge-wasm');
  console.log(JSON.stringify({
    rules: eb.listRules().Rules.map((r) => r.Name),
    error: { name: error.name, fault: error.$fault, status: error.$metadata.httpStatusCode, ours: error instanceof EventBridgeServiceError },
    esm: typeof esm.EventBridge,
  }));
});
