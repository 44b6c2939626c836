// The command line: `eventbridge-wasm test-pattern --pattern P --event E` and
// `eventbridge-wasm serve [...]`. Arguments that start with @ name a file to read.
import * as fs from 'fs';
import { EventBridge } from '../index.node.js';

const USAGE = `usage:
  eventbridge-wasm test-pattern --pattern PATTERN --event EVENT
      PATTERN and EVENT are JSON text, or @file. Prints true or false (exit 0),
      or the AWS error (exit 1).
  eventbridge-wasm serve [--host 127.0.0.1] [--port 4010] [--state FILE] [--web DIR]
                         [--lambda-endpoint URL] [--target ARN=URL ...]
                         [--template FILE [--parameter NAME=VALUE ...] [--watch]]
      Serves the AWS JSON 1.1 protocol (and, with --web, the playground). --state persists the
      emulator's state; --lambda-endpoint delivers Lambda targets through the Lambda Invoke API
      (SAM CLI start-lambda, serverless-offline); --target posts a target's payload to a URL.
      --template loads a CloudFormation / SAM / CDK template, a serverless.yml or a Terraform plan
      (terraform show -json) at start; --watch reloads it when the file changes.
      \`serve --help\` lists every option.
  eventbridge-wasm trigger-schedule --rule NAME [--event-bus-name BUS] [--endpoint-url URL]
      Fires a scheduled rule of a running serve now; prints {"EventId": "..."}.`;

export function parseFlags(args: string[]): { flags: Map<string, string[]>; rest: string[] } {
  const flags = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const value = eq > 0 ? a.slice(eq + 1) : args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : 'true';
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else {
      rest.push(a);
    }
  }
  return { flags, rest };
}

function readArgument(value: string): string {
  return value.startsWith('@') ? fs.readFileSync(value.slice(1), 'utf8') : value;
}

async function testPattern(args: string[]): Promise<number> {
  const { flags } = parseFlags(args);
  const pattern = flags.get('pattern')?.[0];
  const event = flags.get('event')?.[0];
  if (pattern === undefined || event === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const eb = await EventBridge.create();
  try {
    const { Result } = eb.testEventPattern({
      EventPattern: readArgument(pattern),
      Event: readArgument(event),
    });
    process.stdout.write(`${Result}\n`);
    return 0;
  } catch (e) {
    const err = e as Error;
    process.stdout.write(`${err.name}: ${err.message}\n`);
    return 1;
  }
}

export async function main(args: string[]): Promise<number | void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'test-pattern':
      return testPattern(rest);
    case 'serve': {
      const { serve } = await import('./serve.js');
      return serve(rest);
    }
    case 'trigger-schedule': {
      const { triggerSchedule } = await import('./trigger-schedule.js');
      return triggerSchedule(rest);
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command: ${command}\n${USAGE}\n`);
      return 2;
  }
}
