// One POST to a target outside the emulator (a --target URL, the Lambda Invoke API of
// --lambda-endpoint), with Node's own http/https client rather than fetch(): its errors keep their
// cause (`ECONNREFUSED 127.0.0.1:3002`, where fetch says only "fetch failed"), and the answer is read
// only up to a small bound (a target that answers 400 MB costs 4 KB, not 400 MB), then the
// connection is dropped.
import * as http from 'http';
import * as https from 'https';

/** Bytes of a target's answer that are read (enough for an AWS error message); the rest is never read. */
export const MAX_RESPONSE_BYTES = 4096;

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The answer's first MAX_RESPONSE_BYTES bytes, as UTF-8. */
  body: string;
  /** Whether the answer was longer than what was read. */
  truncated: boolean;
}

export interface PostOptions {
  /** Whole-exchange limit, from the request to the last byte read. */
  timeoutMs: number;
  maxResponseBytes?: number;
}

/** POSTs `body`; resolves with the status, headers and the start of the answer, rejects with the transport error. */
export function postBounded(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const u = new URL(url);
  const client = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, result?: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(result!);
    };
    const req = client.request(
      u,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const result = (truncated: boolean): PostResult => ({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).subarray(0, limit).toString('utf8'),
          truncated,
        });
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size > limit) {
            finish(undefined, result(true));
            res.destroy(); // stop reading: the rest of the answer is never buffered
          }
        });
        res.on('end', () => finish(undefined, result(false)));
        res.on('error', (e) => finish(e));
      },
    );
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`no answer from ${u.host} within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      finish(err);
      req.destroy(err);
    }, options.timeoutMs);
    req.on('error', (e) => finish(e));
    req.end(body);
  });
}

/** The message of an AWS-style JSON error answer (`Message`, `message`, `errorMessage`), or the start of the text. */
export function answerMessage(r: PostResult): string {
  try {
    const j = JSON.parse(r.body) as Record<string, unknown>;
    for (const key of ['Message', 'message', 'errorMessage']) {
      if (typeof j[key] === 'string' && j[key]) return j[key] as string;
    }
  } catch {
    /* not JSON (or cut by the bound) */
  }
  const text = r.body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
