// `require` in Node, with no `await init()`: the module loads on first use.
const { EventBridge, Matcher } = require('eventbridge-wasm');

const m = new Matcher();
m.addRule('r', { source: ['app'] });
EventBridge.create().then((eb) => {
  console.log(JSON.stringify({
    matched: m.match('{"source":"app"}'),
    result: eb.testEventPattern({
      EventPattern: '{"source":["app"]}',
      Event: JSON.stringify({ id: '1', account: '1', source: 'app', time: 't', region: 'r', 'detail-type': 'd' }),
    }).Result,
  }));
});
