// The command line: `eventbridge-wasm <command> [options]`, parsed with Node's util.parseArgs.
// Results go to stdout, errors to stderr. Exit status: 0 success, 1 an error (an AWS error, a file
// that cannot be read, a server that cannot start), 2 a usage error (unknown command or option,
// missing value).
import * as fs from 'fs';
import { parseArgs } from 'util';
import { registerSdkLoader } from '../core/errors.js';
import { EventBridge } from '../index.node.js';

const USAGE = `usage: eventbridge-wasm <command> [options]

Amazon EventBridge's rule engine, locally.

commands:
  test-pattern   test an event pattern against an event, as TestEventPattern does
  serve          serve the AWS JSON 1.1 endpoint (the AWS SDK and CLI talk to it); with
                 --web the playground, with --template the rules of a CloudFormation / SAM /
                 CDK template, a serverless.yml or a Terraform plan

options:
  -h, --help     show this help; \`eventbridge-wasm <command> --help\` shows a command's
  -v, --version  print the version

exit status: 0 success, 1 error (an AWS error, an unreadable file, a server that cannot
start), 2 usage error (unknown command or option, missing argument)
`;

const TEST_PATTERN_USAGE = `usage: eventbridge-wasm test-pattern --pattern PATTERN --event EVENT

Tests an event pattern against an event, as EventBridge's TestEventPattern does (the event
needs the envelope fields id, account, source, time, region and detail-type).

  -p, --pattern PATTERN   the event pattern: JSON text, @FILE, or @- for standard input
  -e, --event EVENT       the event: JSON text, @FILE, or @- for standard input
  -h, --help              show this help

Prints true or false (exit 0), or AWS's error on stderr (exit 1): InvalidEventPatternException
for the pattern, ValidationException for the event. Exit 2 for a usage error.
`;

// The envelope TestEventPattern requires of an event (src/match/test_event_pattern.cpp): named in
// the hint that follows AWS's bare "Parameter Event is not valid.".
const ENVELOPE = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** A usage error: printed with a pointer to --help, exit status 2. */
class UsageError extends Error {}

// JSON text, or @FILE / @- (standard input).
function readArgument(value: string): string {
  if (!value.startsWith('@')) return value;
  const file = value.slice(1);
  try {
    return fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(`cannot read ${file === '-' ? 'standard input' : file}: ${err.code ?? err.message}`);
  }
}

// What to add to AWS's "Parameter Event is not valid.": which envelope fields are missing, or
// that the text is not a JSON object.
function eventHint(event: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    return 'hint: the event is not valid JSON';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'hint: the event must be a JSON object';
  const missing = ENVELOPE.filter((k) => !(k in (parsed as object)));
  if (missing.length === 0) return undefined;
  return `hint: TestEventPattern needs the event's envelope (${ENVELOPE.join(', ')}); missing: ${missing.join(', ')}`;
}

async function testPattern(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        pattern: { type: 'string', short: 'p' },
        event: { type: 'string', short: 'e' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(TEST_PATTERN_USAGE);
    return 0;
  }
  if (values.pattern === undefined || values.event === undefined) {
    throw new UsageError(`missing --${values.pattern === undefined ? 'pattern' : 'event'}`);
  }
  const pattern = readArgument(values.pattern);
  const event = readArgument(values.event);
  const eb = await EventBridge.create();
  try {
    const { Result } = eb.testEventPattern({ EventPattern: pattern, Event: event });
    process.stdout.write(`${Result}\n`);
    return 0;
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`${err.name}: ${err.message}\n`);
    const hint = err.name === 'ValidationException' && err.message === 'Parameter Event is not valid.' ? eventHint(event) : undefined;
    if (hint) process.stderr.write(`${hint}\n`);
    return 1;
  } finally {
    eb.dispose();
  }
}

function version(): string {
  // The package's own package.json, by the package's name (Node resolves a package's self-reference).
  return (require('eventbridge-wasm/package.json') as { version: string }).version;
}

async function serveCommand(args: string[]): Promise<number> {
  const { serve } = await import('./serve.js');
  return serve(args);
}

async function dispatch(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'test-pattern':
      return testPattern(rest);
    case 'serve':
      // serve.ts has its own options and --help.
      return serveCommand(rest);
    case 'trigger-schedule': {
      const { triggerSchedule } = await import('./trigger-schedule.js');
      return triggerSchedule(rest);
    }
    case 'help':
      if (rest[0] === 'test-pattern') return testPattern(['--help']);
      if (rest[0] === 'serve') return serveCommand(['--help']);
      if (rest[0] === 'trigger-schedule') return dispatch(['trigger-schedule', '--help']);
      if (rest.length) throw new UsageError(`unknown command: ${rest[0]}`);
      process.stdout.write(USAGE);
      return 0;
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return 0;
    case '-v':
    case '--version':
      process.stdout.write(`${version()}\n`);
      return 0;
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    default:
      throw new UsageError(command.startsWith('-') ? `unknown option: ${command}` : `unknown command: ${command}`);
  }
}

export async function main(args: string[]): Promise<number | void> {
  // The CLI reports errors as text: no need to load the AWS SDK to build its exception objects.
  registerSdkLoader(() => undefined);
  const command = ['test-pattern', 'serve', 'trigger-schedule'].includes(args[0]) ? `eventbridge-wasm ${args[0]}` : 'eventbridge-wasm';
  try {
    return await dispatch(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${command}: ${e.message}\nRun '${command} --help' for usage.\n`);
      return 2;
    }
    process.stderr.write(`${command}: ${(e as Error).message}\n`);
    return 1;
  }
}
