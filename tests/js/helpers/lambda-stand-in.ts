// A stand-in for a local Lambda runner's Invoke API (POST /2015-03-31/functions/NAME/invocations),
// answering as the two runners users pair with the emulator do:
// - 'serverless-offline' (13.x InvocationsController): Event -> 202 and the function runs in the
//   background (its error only logged); RequestResponse -> 200, with `X-Amz-Function-Error:
//   Unhandled` and {errorMessage, errorType} when it throws; an unknown function -> 404 with
//   `X-Amz-Function-Error: ResourceNotFoundException` and {"Message":"Function not found: NAME","Type":"User"}.
// - 'sam' (SAM CLI start-lambda, LocalLambdaInvokeService): Event -> 501 `x-amzn-errortype:
//   NotImplemented` {"Type":"LocalService","Message":"invocation-type: Event is not supported.
//   RequestResponse is only supported."}; RequestResponse as above; an unknown function -> 404
//   `x-amzn-errortype: ResourceNotFound`.
import * as http from 'http';
import type { AddressInfo } from 'net';

export type Flavour = 'serverless-offline' | 'sam';
export type FunctionBody = (event: unknown) => unknown;

export interface Invocation {
  method: string;
  url: string;
  invocationType: string;
  body: string;
}

export interface StandIn {
  url: string;
  port: number;
  invocations: Invocation[];
  /** Function errors the runner saw (for serverless-offline's Event mode, only logged by it). */
  backgroundErrors: string[];
  close(): Promise<void>;
}

export async function startLambdaStandIn(flavour: Flavour, functions: Record<string, FunctionBody>): Promise<StandIn> {
  const invocations: Invocation[] = [];
  const backgroundErrors: string[] = [];
  const run = async (name: string, body: string) => {
    try {
      return { ok: true as const, value: await functions[name](JSON.parse(body)) };
    } catch (e) {
      return { ok: false as const, error: e as Error };
    }
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      invocations.push({ method: req.method!, url: req.url!, invocationType, body });
      const m = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(\?.*)?$/.exec(req.url ?? '');
      const send = (status: number, headers: Record<string, string>, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      if (!m) return send(404, { 'x-amzn-errortype': 'PathNotFoundLocally' }, { Type: 'LocalService', Message: 'PathNotFoundException' });
      const name = decodeURIComponent(m[1]);
      if (!(name in functions)) {
        return flavour === 'sam'
          ? send(404, { 'x-amzn-errortype': 'ResourceNotFound' }, { Type: 'User', Message: `Function not found: arn:aws:lambda:us-west-2:012345678901:function:${name}` })
          : send(404, { 'x-amz-function-error': 'ResourceNotFoundException' }, { Message: `Function not found: ${name}`, Type: 'User' });
      }
      if (invocationType === 'Event') {
        if (flavour === 'sam') {
          return send(501, { 'x-amzn-errortype': 'NotImplemented' }, {
            Type: 'LocalService',
            Message: 'invocation-type: Event is not supported. RequestResponse is only supported.',
          });
        }
        void run(name, body).then((r) => {
          if (!r.ok) backgroundErrors.push(r.error.message);
        });
        return send(202, {}, undefined);
      }
      const r = await run(name, body);
      if (r.ok) return send(200, {}, r.value ?? null);
      return send(200, { 'x-amz-function-error': 'Unhandled' }, { errorMessage: r.error.message, errorType: r.error.name });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    invocations,
    backgroundErrors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
