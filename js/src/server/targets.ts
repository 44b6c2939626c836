// serve's --target ARN=URL and --lambda-endpoint URL: targets outside the emulator, reached over
// HTTP. Each delivery attempt is one POST; a transport error or a non-2xx answer is a failed
// attempt (retried per the target's RetryPolicy, then dead-lettered, by the delivery runtime).
// Only wired when the build has onTarget (the delivery runtime).

type Handler = (payload: unknown, context: { targetArn: string; eventId?: string }) => unknown;
type Predicate = (target: { targetArn: string; targetId: string; ruleArn: string }) => boolean;

export interface TargetRegistry {
  onTarget?: (target: string | Predicate, handler: Handler) => () => void;
}

export const ATTEMPT_TIMEOUT_MS = 10000;

/** The payload text: Lambda handlers receive it parsed, every other target as text. */
function payloadText(payload: unknown): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
  try {
    const res = await fetch(url, { method: 'POST', body, headers, signal: controller.signal });
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`POST ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    const functionError = res.headers.get('x-amz-function-error');
    if (functionError) throw new Error(`function error (${functionError}): ${text.slice(0, 200)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses `ARN=URL`. */
export function parseTargetFlag(value: string): { arn: string; url: string } | undefined {
  const eq = value.lastIndexOf('=http');
  if (eq <= 0) return undefined;
  const arn = value.slice(0, eq);
  const url = value.slice(eq + 1);
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  } catch {
    return undefined;
  }
  return { arn, url };
}

/** --target ARN=URL: every payload for that target ARN is POSTed to URL as is. */
export function registerHttpTarget(eb: TargetRegistry, arn: string, url: string): void {
  eb.onTarget!(arn, (payload, context) =>
    post(url, payloadText(payload), {
      'content-type': 'application/json',
      'x-eventbridge-target-arn': context.targetArn,
      ...(context.eventId ? { 'x-eventbridge-event-id': context.eventId } : {}),
    }),
  );
}

/** arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] -> NAME and QUALIFIER. */
export function lambdaFunction(arn: string): { name: string; qualifier?: string } | undefined {
  const m = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/.exec(arn);
  return m ? { name: m[1], qualifier: m[2] } : undefined;
}

/**
 * --lambda-endpoint URL: Lambda targets are invoked through the Lambda Invoke API at URL
 * (POST /2015-03-31/functions/NAME/invocations, RequestResponse, as `sam local start-lambda`
 * and other local Lambda runtimes accept), unless a --target names their ARN.
 */
export function registerLambdaEndpoint(
  eb: TargetRegistry,
  endpoint: string,
  except: Set<string>,
  // templates (i17): the name the endpoint answers to (a SAM function's logical id); default: as in the ARN
  invokeName: (functionName: string) => string = (name) => name,
): void {
  const base = endpoint.replace(/\/+$/, '');
  eb.onTarget!(
    (t) => lambdaFunction(t.targetArn) !== undefined && !except.has(t.targetArn),
    (payload, context) => {
      const arnFn = lambdaFunction(context.targetArn)!;
      const fn = { ...arnFn, name: invokeName(arnFn.name) };
      const q = fn.qualifier ? `?Qualifier=${encodeURIComponent(fn.qualifier)}` : '';
      return post(`${base}/2015-03-31/functions/${encodeURIComponent(fn.name)}/invocations${q}`, payloadText(payload), {
        'content-type': 'application/json',
        'x-amz-invocation-type': 'RequestResponse',
      });
    },
  );
}
