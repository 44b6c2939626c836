// Which loaded function a Lambda target ARN names, for onFunction() and for a local Lambda endpoint
// (`sam local start-lambda` answers to the logical id, serverless-offline to the function name).
import { parseLambdaArn } from '../core/lambda-arn.js';
import type { StackRegistry } from './load.js';

/** The function name of a Lambda ARN (`arn:aws:lambda:R:A:function:NAME[:QUALIFIER]`). */
export function functionNameOfArn(arn: string): string | undefined {
  return parseLambdaArn(arn)?.name;
}

/** Whether `name` (a logical id or a function name) designates the function named `functionName`. */
export function matchesFunction(stacks: StackRegistry, name: string, functionName: string): boolean {
  if (name === functionName) return true;
  for (const stack of stacks.values()) {
    if (stack.functions.some((f) => f.physicalName === functionName && f.logicalId === name)) return true;
  }
  return false;
}

/** The name a local Lambda endpoint answers to for a function name of a target ARN. */
export function invokeNameFor(stacks: StackRegistry, functionName: string): string {
  for (const stack of stacks.values()) {
    const f = stack.functions.find((x) => x.physicalName === functionName);
    if (f) return f.invokeName;
  }
  return functionName;
}
