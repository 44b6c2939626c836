// serve's --lambda-endpoint URL: Lambda targets invoked through the Lambda Invoke API
// (POST /2015-03-31/functions/NAME/invocations[?Qualifier=Q]) of a local runner, as EventBridge
// invokes them: asynchronously (`X-Amz-Invocation-Type: Event`, answered 202 once the runner took
// the event). A runner that rejects Event invocations (SAM CLI `start-lambda` answers 501
// NotImplemented) is invoked synchronously (RequestResponse) from then on, said once in the log;
// with it, `X-Amz-Function-Error` on the answer is a function error, which the delivery runtime
// retries as Lambda's asynchronous invocation would. What the answer means:
//
//   202, 2xx                        delivered (EventBridge's part is done)
//   2xx + X-Amz-Function-Error      function error (Lambda's retries, then the on-failure destination)
//   404                             NO_RESOURCE, not retried: the target's DLQ at once
//   401, 403                        NO_PERMISSIONS, not retried
//   429                             THROTTLING, retried per the target's RetryPolicy
//   5xx                             retried per RetryPolicy
//   other 4xx                       INVALID_PARAMETER, not retried
//   refused, reset, timed out       CONNECTION_FAILURE / TIMEOUT, retried per RetryPolicy
//
// Only functions of the emulator's own account and region are sent to the endpoint; a function
// ARN elsewhere is NO_RESOURCE (in AWS a rule's Lambda target is in the rule's account and Region).
import { TargetInvocationError } from '../core/delivery-errors.js';
import { isLambdaArn, lambdaArnProblem, parseLambdaArn } from '../core/lambda-arn.js';
import { PostResult, answerMessage, postBounded } from './http-post.js';
import { ATTEMPT_TIMEOUT_MS, HttpTargetContext, TargetRegistry, payloadText, transportFailure } from './targets.js';

export type InvocationType = 'Event' | 'RequestResponse';

export interface LambdaEndpointOptions {
  endpoint: string;
  accountId: string;
  region: string;
  /** 'Event' (default, as EventBridge invokes) or 'RequestResponse'. */
  invocationType?: InvocationType;
  /** Target ARNs that a --target URL serves instead. */
  except?: Set<string>;
  /** Where a one-time notice goes (the switch to synchronous invocations). */
  notice?: (line: string) => void;
  /** The name the endpoint answers to for a function name (a SAM template's logical id); default: the name. */
  invokeName?: (functionName: string) => string;
}

// A synchronous invocation waits for the function: Lambda's longest timeout (15 min) and a margin.
const SYNC_TIMEOUT_MS = 15 * 60_000 + 10_000;

function headerText(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

// SAM CLI answers 501 NotImplemented ("invocation-type: Event is not supported"); others may say 400.
function rejectsEventInvocation(r: PostResult): boolean {
  if (r.status === 501) return true;
  return r.status === 400 && /invocation[-_ ]?type/i.test(`${headerText(r.headers['x-amzn-errortype'])} ${r.body}`);
}

function invocationFailure(r: PostResult): TargetInvocationError {
  const text = `${r.status} ${answerMessage(r)}`.trim();
  if (r.status === 404) return new TargetInvocationError('NO_RESOURCE', text);
  if (r.status === 401 || r.status === 403) return new TargetInvocationError('NO_PERMISSIONS', text);
  if (r.status === 429) return new TargetInvocationError('THROTTLING', text, { retriable: true });
  if (r.status === 413) return new TargetInvocationError('RESOURCE_LIMIT_EXCEEDED', text, { retriable: false });
  if (r.status >= 500) return new TargetInvocationError('INTERNAL_ERROR', text, { retriable: true });
  return new TargetInvocationError('INVALID_PARAMETER', text, { retriable: false });
}

// `Unhandled: TypeError: order.total is undefined` from a runner's error payload.
function functionErrorText(kind: string, r: PostResult): string {
  let detail = answerMessage(r);
  try {
    const j = JSON.parse(r.body) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof j.errorType === 'string' && typeof j.errorMessage === 'string') detail = `${j.errorType}: ${j.errorMessage}`;
  } catch {
    /* keep the text */
  }
  return `function error (${kind})${detail ? `: ${detail}` : ''}`;
}

export class LambdaInvoker {
  private readonly base: string;
  private invocationType: InvocationType;

  constructor(private readonly options: LambdaEndpointOptions) {
    this.base = options.endpoint.replace(/\/+$/, '');
    this.invocationType = options.invocationType ?? 'Event';
  }

  /** The invocation URL of a valid function ARN of this account and region (the name can never change the path). */
  invocationUrl(targetArn: string): string {
    const fn = parseLambdaArn(targetArn);
    if (!fn) {
      throw new TargetInvocationError('NO_RESOURCE', `${targetArn} is not a valid Lambda function ARN: ${lambdaArnProblem(targetArn)}`);
    }
    if (fn.accountId !== this.options.accountId || fn.region !== this.options.region) {
      throw new TargetInvocationError(
        'NO_RESOURCE',
        `Function not found: ${targetArn} (the Lambda endpoint serves account ${this.options.accountId} in ${this.options.region})`,
      );
    }
    const q = fn.qualifier ? `?Qualifier=${encodeURIComponent(fn.qualifier)}` : '';
    const name = this.options.invokeName?.(fn.name) ?? fn.name;
    return `${this.base}/2015-03-31/functions/${encodeURIComponent(name)}/invocations${q}`;
  }

  async invoke(targetArn: string, payload: string): Promise<void> {
    const url = this.invocationUrl(targetArn);
    let type = this.invocationType;
    let r = await this.post(url, payload, type);
    if (type === 'Event' && rejectsEventInvocation(r)) {
      this.invocationType = type = 'RequestResponse';
      this.options.notice?.(
        `lambda endpoint ${this.base} does not accept asynchronous invocations (${r.status} ${answerMessage(r)}); ` +
          'invoking synchronously (RequestResponse) from now on: function errors are retried by the emulator as Lambda would',
      );
      r = await this.post(url, payload, type);
    }
    if (r.status < 200 || r.status >= 300) throw invocationFailure(r);
    const functionError = headerText(r.headers['x-amz-function-error']);
    if (functionError) throw new Error(functionErrorText(functionError, r));
  }

  private async post(url: string, body: string, type: InvocationType): Promise<PostResult> {
    try {
      return await postBounded(
        url,
        body,
        { 'content-type': 'application/json', 'x-amz-invocation-type': type },
        { timeoutMs: type === 'Event' ? ATTEMPT_TIMEOUT_MS : SYNC_TIMEOUT_MS },
      );
    } catch (e) {
      throw transportFailure(url, e);
    }
  }
}

/** --lambda-endpoint URL: every Lambda ARN target (valid or not) not served by a --target goes to the runner. */
export function registerLambdaEndpoint(eb: TargetRegistry, options: LambdaEndpointOptions): LambdaInvoker {
  const invoker = new LambdaInvoker(options);
  const except = options.except ?? new Set<string>();
  eb.onTarget!(
    (t) => isLambdaArn(t.targetArn) && !except.has(t.targetArn),
    (payload, context: HttpTargetContext) => invoker.invoke(context.targetArn, payloadText(payload, context)),
  );
  return invoker;
}
