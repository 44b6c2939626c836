// Lambda's asynchronous invocation, as far as it concerns EventBridge targets. EventBridge invokes
// a Lambda target asynchronously: once Lambda accepted the event, EventBridge's delivery has
// succeeded. A function error after that is Lambda's to retry, per the function's event invoke
// configuration (PutFunctionEventInvokeConfig / CloudFormation EventInvokeConfig):
// MaximumRetryAttempts 0-2 (default 2), MaximumEventAgeInSeconds 60-21600 (default 21600), and the
// first retry about 1 minute after the error, the second about 2 minutes after the next [Lambda
// Developer Guide, "Asynchronous invocation" / "Error handling and automatic retries"]. An event
// that runs out goes to the function's on-failure destination with an invocation record.
import { isFunctionName, parseLambdaArn, lambdaArnProblem } from './lambda-arn.js';

/** eb.configureFunction()'s second argument (the camelCase of PutFunctionEventInvokeConfig). */
export interface FunctionConfig {
  /** Retries after a function error: 0, 1 or 2 (default 2). */
  maximumRetryAttempts?: number;
  /** How long Lambda keeps retrying an event, 60-21600 seconds (default 21600, 6 hours). */
  maximumEventAgeInSeconds?: number;
  /** ARN of the on-failure destination (SQS queue, SNS topic, Lambda function or event bus); null clears it. */
  onFailure?: string | null;
}

export interface ResolvedFunctionConfig {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
  onFailure?: string;
}

export const LAMBDA_DEFAULTS: ResolvedFunctionConfig = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600 };
/** Delay before Lambda's retry number n (1-based) after a function error. */
export const LAMBDA_RETRY_DELAYS_MS = [60_000, 120_000];

const KNOWN_KEYS = new Set(['maximumRetryAttempts', 'maximumEventAgeInSeconds', 'onFailure']);

function integerIn(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`configureFunction: ${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(v)}`);
  }
  return v;
}

/** Validates a configureFunction() config (as Lambda validates PutFunctionEventInvokeConfig). */
export function resolveFunctionConfig(config: FunctionConfig, previous?: ResolvedFunctionConfig): ResolvedFunctionConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TypeError('configureFunction(function, config): config must be an object');
  }
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new TypeError(`configureFunction: unknown option ${key} (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
  }
  const out: ResolvedFunctionConfig = { ...(previous ?? LAMBDA_DEFAULTS) };
  if (config.maximumRetryAttempts !== undefined) {
    out.maximumRetryAttempts = integerIn('maximumRetryAttempts', config.maximumRetryAttempts, 0, 2);
  }
  if (config.maximumEventAgeInSeconds !== undefined) {
    out.maximumEventAgeInSeconds = integerIn('maximumEventAgeInSeconds', config.maximumEventAgeInSeconds, 60, 21600);
  }
  if (config.onFailure === null) {
    delete out.onFailure;
  } else if (config.onFailure !== undefined) {
    if (typeof config.onFailure !== 'string' || !/^arn:[^:]+:[^:]+:/.test(config.onFailure)) {
      throw new TypeError(`configureFunction: onFailure must be a destination ARN, not ${JSON.stringify(config.onFailure)}`);
    }
    out.onFailure = config.onFailure;
  }
  return out;
}

/** A function ARN (validated) or a bare function name (in the emulator's own account and region) as an ARN. */
export function functionArnOf(fn: string, accountId: string, region: string): string {
  if (typeof fn !== 'string') throw new TypeError('configureFunction(function, config): function must be an ARN or a function name');
  if (fn.startsWith('arn:')) {
    if (!parseLambdaArn(fn)) throw new RangeError(`configureFunction: ${fn} is not a valid Lambda function ARN: ${lambdaArnProblem(fn)}`);
    return fn;
  }
  if (!isFunctionName(fn)) {
    throw new RangeError(`configureFunction: ${JSON.stringify(fn)} is not a function name (1-64 characters from a-z, A-Z, 0-9, - and _) or a function ARN`);
  }
  return `arn:aws:lambda:${region}:${accountId}:function:${fn}`;
}

export type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

/**
 * The invocation record Lambda sends to an on-failure destination (Lambda Developer Guide,
 * "Capturing records of asynchronous invocations").
 */
export function invocationRecord(args: {
  timeMs: number;
  requestId: string;
  functionArn: string;
  condition: FailureCondition;
  invokeCount: number;
  payload: string;
  error: unknown;
  errorText: string;
}): Record<string, unknown> {
  let requestPayload: unknown = args.payload;
  try {
    requestPayload = JSON.parse(args.payload);
  } catch {
    /* not JSON: Lambda would carry the text */
  }
  const fn = parseLambdaArn(args.functionArn);
  const errorType = (args.error as { name?: unknown } | null)?.name;
  return {
    version: '1.0',
    timestamp: new Date(args.timeMs).toISOString(),
    requestContext: {
      requestId: args.requestId,
      functionArn: fn?.qualifier ? args.functionArn : `${args.functionArn}:$LATEST`,
      condition: args.condition,
      approximateInvokeCount: args.invokeCount,
    },
    requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorMessage: args.errorText, errorType: typeof errorType === 'string' ? errorType : 'Error' },
  };
}
