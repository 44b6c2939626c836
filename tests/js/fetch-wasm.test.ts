// The browser loader's fetch of ebw.wasm (js/src/platform/fetch-wasm.ts, run here with Node's
// fetch): a failed request names the URL and the HTTP status, and a response that is not
// WebAssembly (a dev server's HTML fallback page, which used to surface as "CompileError: ...
// expected magic word") says what came back.
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { compileWasm, fetchWasm } from '../../js/src/platform/fetch-wasm';

const wasm = fs.readFileSync(path.join(__dirname, '../../dist/wasm/ebw.wasm'));
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/ebw.wasm') {
      res.writeHead(200, { 'content-type': 'application/wasm' });
      res.end(wasm);
    } else if (req.url === '/fallback/ebw.wasm') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>app</body></html>');
    } else {
      res.writeHead(404);
      res.end('Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test('the module is fetched and compiled', async () => {
  const bytes = await fetchWasm(`${base}/ebw.wasm`);
  expect(bytes.byteLength).toBe(wasm.length);
  expect(await compileWasm(bytes, `${base}/ebw.wasm`)).toBeInstanceOf(WebAssembly.Module);
});

test('a failed request names the URL and the HTTP status', async () => {
  await expect(fetchWasm(`${base}/missing/ebw.wasm`)).rejects.toThrow(
    `eventbridge-wasm: fetching ${base}/missing/ebw.wasm failed: HTTP 404 Not Found`,
  );
});

test('an HTML page instead of the module says so', async () => {
  await expect(fetchWasm(`${base}/fallback/ebw.wasm`)).rejects.toThrow(
    `eventbridge-wasm: ${base}/fallback/ebw.wasm is not a WebAssembly module (HTTP 200, content-type text/html, ` +
      '44 bytes starting "<!doctype html><"). Serve ebw.wasm from the package there, or pass locateFile or wasmBinary to init()',
  );
});

test('an unreachable server names the URL', async () => {
  await expect(fetchWasm('http://127.0.0.1:1/ebw.wasm')).rejects.toThrow(/^eventbridge-wasm: fetching http:\/\/127\.0\.0\.1:1\/ebw\.wasm failed: /);
});

test('bytes that do not compile name the URL', async () => {
  await expect(compileWasm(new Uint8Array([0, 0x61, 0x73, 0x6d, 9, 9]), 'x.wasm')).rejects.toThrow(/^eventbridge-wasm: cannot compile x\.wasm: /);
});
