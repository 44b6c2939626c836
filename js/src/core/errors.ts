// AWS errors as the AWS SDK for JavaScript v3 throws them: an Error whose `name` is the error
// code, with `$fault` and `$metadata.httpStatusCode`.

export interface AwsErrorBody {
  __type: string;
  message: string;
  httpStatus?: number;
}

export class EventBridgeServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  readonly Code: string;

  constructor(code: string, message: string, httpStatusCode: number) {
    super(message);
    this.name = code;
    this.Code = code;
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode };
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export function errorFromBody(body: AwsErrorBody, httpStatus?: number): EventBridgeServiceError {
  return new EventBridgeServiceError(body.__type, body.message, httpStatus ?? body.httpStatus ?? 400);
}

/** Parses a core result that is either `ok` JSON or an error object (which starts with `{"__type"`). */
export function isErrorText(text: string): boolean {
  return text.startsWith('{"__type"');
}
