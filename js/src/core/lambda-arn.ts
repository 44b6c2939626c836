// Lambda function ARNs, validated as AWS Lambda validates them (CreateFunction / Invoke
// FunctionName in the Lambda API reference): partition `aws[a-zA-Z-]*`, a region such as
// `us-east-1` / `us-gov-west-1` / `us-iso-east-1` / `eusc-de-east-1`, a 12-digit account, a function
// name of 1-64 characters from [a-zA-Z0-9-_] (so never `.` or `..`), an optional qualifier (`$LATEST`,
// a version or an alias, 1-128 characters from [a-zA-Z0-9-_]), at most 140 characters in all.
// Used where a target ARN decides who is invoked: onTarget() registration, the delivery runtime's
// Lambda semantics, and serve's --lambda-endpoint invocation path.

export interface LambdaFunctionArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  name: string;
  /** `$LATEST`, a version number or an alias; undefined for an unqualified ARN. */
  qualifier?: string;
  /** The ARN without its qualifier. */
  unqualifiedArn: string;
}

const MAX_ARN_LENGTH = 140;
const FUNCTION_ARN =
  /^arn:(aws[a-zA-Z-]*):lambda:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Whether the ARN names the Lambda service (`arn:PARTITION:lambda:...`), valid or not. */
export function isLambdaArn(arn: string): boolean {
  return /^arn:[^:]*:lambda:/.test(arn);
}

/** The parts of a valid Lambda function ARN, or undefined. */
export function parseLambdaArn(arn: string): LambdaFunctionArn | undefined {
  if (typeof arn !== 'string' || arn.length > MAX_ARN_LENGTH) return undefined;
  const m = FUNCTION_ARN.exec(arn);
  if (!m) return undefined;
  const [, partition, region, accountId, name, qualifier] = m;
  return {
    arn,
    partition,
    region,
    accountId,
    name,
    qualifier,
    unqualifiedArn: `arn:${partition}:lambda:${region}:${accountId}:function:${name}`,
  };
}

/** Why `arn` is not a valid Lambda function ARN (for error messages). */
export function lambdaArnProblem(arn: string): string {
  if (arn.length > MAX_ARN_LENGTH) return `it is longer than ${MAX_ARN_LENGTH} characters`;
  const parts = arn.split(':');
  if (parts.length < 7 || parts[5] !== 'function') {
    return 'the form is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]';
  }
  if (!/^aws[a-zA-Z-]*$/.test(parts[1])) return `partition ${JSON.stringify(parts[1])} is not valid`;
  if (!/^(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(parts[3])) return `region ${JSON.stringify(parts[3])} is not valid`;
  if (!/^\d{12}$/.test(parts[4])) return `account ${JSON.stringify(parts[4])} is not 12 digits`;
  if (!FUNCTION_NAME.test(parts[6])) {
    return `function name ${JSON.stringify(parts[6])} must be 1-64 characters from a-z, A-Z, 0-9, - and _`;
  }
  if (parts.length > 8) return 'it has more than one qualifier';
  return `qualifier ${JSON.stringify(parts[7])} must be $LATEST, a version or an alias (1-128 characters from a-z, A-Z, 0-9, - and _)`;
}

/** Whether `name` is a valid bare function name. */
export function isFunctionName(name: string): boolean {
  return typeof name === 'string' && FUNCTION_NAME.test(name);
}
