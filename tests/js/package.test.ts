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

describe('CLI test-pattern', () => {
  const cli = path.join(root, 'js/bin/eventbridge-wasm.js');
  test('prints true / false with exit 0', () => {
    expect(execFileSync(node, [cli, 'test-pattern', '--pattern', '{"source":["app"]}', '--event', ev], { encoding: 'utf8' })).toBe('true\n');
    expect(execFileSync(node, [cli, 'test-pattern', '--pattern', '{"source":["x"]}', '--event', ev], { encoding: 'utf8' })).toBe('false\n');
  });
  test('prints the AWS error with exit 1', () => {
    const r = spawnSync(node, [cli, 'test-pattern', '--pattern', '{"source":"app"}', '--event', ev], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^InvalidEventPatternException: Event pattern is not valid\. Reason: "source" must be an object or an array/);
  });
  test('reads @file arguments', () => {
    const fs = require('fs');
    const os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-'));
    fs.writeFileSync(path.join(dir, 'p.json'), '{"source":["app"]}');
    fs.writeFileSync(path.join(dir, 'e.json'), ev);
    expect(execFileSync(node, [cli, 'test-pattern', '--pattern', `@${dir}/p.json`, '--event', `@${dir}/e.json`], { encoding: 'utf8' })).toBe('true\n');
  });
});
