// AWS errors as the AWS SDK for JavaScript v3 throws them: an Error whose `name` is the error code,
// with AWS's `message`, `$fault` and `$metadata.httpStatusCode`.
//
// Where @aws-sdk/client-eventbridge can be loaded (Node, when the project has it: the platform
// entry point registers the loader), the errors ARE the SDK's: an instance of its specific class
// (ResourceNotFoundException, InvalidEventPatternException, ...) or, for a code the SDK has no
// class for (ValidationException), of EventBridgeServiceException, exactly as the SDK builds
// them from a response. Elsewhere (browsers, or no SDK installed) they are EventBridgeServiceError
// objects of the same shape, which the SDK's own `instanceof ResourceNotFoundException` checks
// still recognise by name. `instanceof EventBridgeServiceError` holds for both kinds.

export interface AwsErrorBody {
  __type: string;
  message: string;
  httpStatus?: number;
}

const BRAND = Symbol.for('eventbridge-wasm.EventBridgeServiceError');

export class EventBridgeServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  /** The error code again (the same as `name`). */
  readonly Code: string;

  constructor(code: string, message: string, httpStatusCode: number) {
    super(message);
    this.name = code;
    this.Code = code;
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode };
    Object.setPrototypeOf(this, new.target.prototype);
    brand(this);
  }

  /** True for every AWS error the package throws, whether or not it is one of the SDK's classes. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

function brand(e: object): void {
  Object.defineProperty(e, BRAND, { value: true, enumerable: false });
}

/** Thrown by every method of a Matcher or EventBridge after its dispose(). */
export class DisposedError extends Error {
  constructor(what: string) {
    super(`eventbridge-wasm: this ${what} has been disposed; create a new one`);
    this.name = 'DisposedError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// The parts of @aws-sdk/client-eventbridge used here: its exception classes by name.
type SdkExceptionClass = new (options: {
  name?: string;
  $fault?: 'client' | 'server';
  message: string;
  $metadata: { httpStatusCode: number };
}) => Error;
export type SdkErrorClasses = Record<string, unknown> & { EventBridgeServiceException: SdkExceptionClass };

let sdkLoader: (() => SdkErrorClasses | undefined) | undefined;
let sdk: SdkErrorClasses | undefined | null; // null: looked for, not there

/** Node: how to load the SDK's exception classes (tried once, at the first error). */
export function registerSdkLoader(load: () => SdkErrorClasses | undefined): void {
  sdkLoader = load;
  sdk = undefined;
}

function sdkClasses(): SdkErrorClasses | undefined {
  if (sdk === undefined) sdk = sdkLoader?.() ?? null;
  return sdk ?? undefined;
}

/** The error for an AWS error code, message and HTTP status (see the top of this file). */
export function serviceError(code: string, message: string, httpStatusCode: number): EventBridgeServiceError {
  const classes = sdkClasses();
  if (!classes) return new EventBridgeServiceError(code, message, httpStatusCode);
  const Base = classes.EventBridgeServiceException;
  const Specific = classes[code] as SdkExceptionClass | undefined;
  const $metadata = { httpStatusCode };
  const e =
    typeof Specific === 'function' && Specific.prototype instanceof Base
      ? new Specific({ message, $metadata })
      : new Base({ name: code, $fault: httpStatusCode >= 500 ? 'server' : 'client', message, $metadata });
  Object.defineProperty(e, 'Code', { value: code, enumerable: true });
  brand(e);
  return e as EventBridgeServiceError;
}

export function errorFromBody(body: AwsErrorBody, httpStatus?: number): EventBridgeServiceError {
  return serviceError(body.__type, body.message, httpStatus ?? body.httpStatus ?? 400);
}

/** Parses a core result that is either `ok` JSON or an error object (which starts with `{"__type"`). */
export function isErrorText(text: string): boolean {
  return text.startsWith('{"__type"');
}
