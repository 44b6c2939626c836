// `eventbridge-wasm serve` as a child process (the built CLI, js/bin/eventbridge-wasm.js), for tests:
// start it and wait for its `listening on` line, or run it to its exit; call it over loopback HTTP.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

export const root = path.resolve(__dirname, '../../..');
export const bin = path.join(root, 'js/bin/eventbridge-wasm.js');
const built = path.join(root, 'js/dist/cjs/cli/serve.js');

const children: ChildProcess[] = [];

export interface Server {
  child: ChildProcess;
  port: number;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function assertBuilt(): void {
  if (!fs.existsSync(built)) {
    throw new Error(`the CLI is not built (${built} is missing): run node scripts/build.mjs --ts first`);
  }
}

/** Kills every child these helpers started that is still running. */
export function killChildren(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

export function startServe(args: string[], command = 'serve'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, command, '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s; stderr: ${err}`)), 20000);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /^listening on (http:\/\/[^:]+:(\d+))\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[2]), url: m[1], stdout: () => out, stderr: () => err, exited });
      }
    });
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before listening; stdout: ${out} stderr: ${err}`));
    });
  });
}

/** Runs the CLI with `args` (no --port added) to its exit. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function runServe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(['serve', '--port', '0', ...args]);
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

/** One raw HTTP request to the server on 127.0.0.1. */
export function request(port: number, method: string, urlPath: string, headers: Record<string, string | number> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An AWS JSON 1.1 operation. */
export function call(port: number, operation: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const body = JSON.stringify(input);
  return request(port, 'POST', '/', {
    'x-amz-target': `AWSEvents.${operation}`,
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    ...headers,
  }, body);
}
