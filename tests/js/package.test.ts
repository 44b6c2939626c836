// The package as users consume it: by name, through require and import, and its CLI.
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const node = process.execPath;
const ev = '{"id":"1","account":"1","source":"app","time":"t","region":"r","detail-type":"d"}';

test('require and import by package name expose the same API', () => {
  const script = `
    const cjs = require('eventbridge-wasm');
    import('eventbridge-wasm').then(async (esm) => {
      const eb = await esm.EventBridge.create();
      const r = eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: ${JSON.stringify(ev)} });
      console.log(typeof cjs.EventBridge, typeof cjs.Matcher, typeof esm.Matcher, r.Result);
    });`;
  const out = execFileSync(node, ['-e', script], { cwd: root, encoding: 'utf8' });
  expect(out.trim()).toBe('function function function true');
});

test('eventbridge-wasm/jest resolves', () => {
  const out = execFileSync(node, ['-e', "console.log(typeof require('eventbridge-wasm/jest').toMatchEventPattern)"], { cwd: root, encoding: 'utf8' });
  expect(out.trim()).toBe('function');
});
