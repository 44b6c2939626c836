// Node's transport for API destination requests: node:http / node:https, which send exactly the
// headers the request holds (fetch would add and drop some). Redirects are not followed (AWS
// counts a 3xx as a failure); the answer's body is read up to 1 MiB (the Range header's limit).
// Registered by the Node platform entry (platform/node.ts).
import * as http from 'http';
import * as https from 'https';
import { HttpResponse, HttpTransport, registerHttpTransport } from './api-destinations.js';
import type { HttpRequest } from './api-destination-request.js';

const MAX_RESPONSE_BYTES = 1024 * 1024;

export const nodeTransport: HttpTransport = (request: HttpRequest, timeoutMs: number) =>
  new Promise<HttpResponse>((resolve, reject) => {
    const url = new URL(request.url);
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method: request.method, headers: request.headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8'),
        });
      });
      res.on('error', fail);
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' }));
    }, timeoutMs);
    function fail(e: Error) {
      clearTimeout(timer);
      reject(e);
    }
    req.on('error', fail);
    req.end(request.body);
  });

registerHttpTransport(nodeTransport);
