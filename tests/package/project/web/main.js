// The page every bundler builds: the package's browser build, as its README shows it.
import { EventBridge, Matcher, init } from 'eventbridge-wasm';

const event = JSON.stringify({
  id: '1', account: '123456789012', source: 'app', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'd', detail: {},
});

async function main() {
  const eb = await EventBridge.create();
  const { Result } = eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: event });
  await init();
  const m = new Matcher();
  m.addRule('r', { source: ['app'] });
  return { result: Result, matched: m.match(event) };
}

main().then(
  (r) => { document.getElementById('out').textContent = JSON.stringify(r); },
  (e) => { document.getElementById('out').textContent = `ERROR ${e.name}: ${e.message}`; },
);
