// `eventbridge-wasm serve`: the AWS JSON 1.1 endpoint (and, with --web, the playground's static
// files; with --target / --lambda-endpoint, HTTP delivery to targets). Prints `listening on
// http://HOST:PORT` once ready, then one log line per request and per delivery attempt;
// SIGINT/SIGTERM close it, write the state, exit 0. Flags are parsed with Node's util.parseArgs.
import * as fs from 'fs';
import { parseArgs } from 'util';
import { EventBridge } from '../index.node.js';
import { isLoopbackAddress } from '../server/access.js';
import { startEndpoint } from '../server/http-server.js';
import { InvocationType, registerLambdaEndpoint } from '../server/lambda-invoker.js';
import { LogFormat, createServeLog } from '../server/serve-log.js';
import { StateLock, acquireStateLock } from '../server/state-lock.js';
import { StateFileError, checkStateDirectory, loadStateFile, removeStaleTempFiles, writeFileAtomic } from '../server/state-file.js';
import { TargetRegistry, parseTargetFlag, registerHttpTarget } from '../server/targets.js';

export const SERVE_USAGE = `usage: eventbridge-wasm serve [options]

Serves the AWS JSON 1.1 protocol of EventBridge (POST /, X-Amz-Target: AWSEvents.<Operation>) for
the AWS SDKs (endpoint) and AWS CLI (--endpoint-url), plus the emulator's routes:
  GET /_emulator/deliveries[?after=ID&limit=N]   the delivery log (DELETE: cancel retries, clear it)
  POST /_emulator/rules/{bus}/{rule}/fire        fire a scheduled rule now (see trigger-schedule)

options:
  --host ADDRESS            address to listen on (default 127.0.0.1); any other than a loopback
                            address also needs --allow-remote
  --port N                  port (default 4010; 0 picks a free one)
  --allow-remote            accept --host on a non-loopback address (no authentication: anyone who
                            reaches the port can change rules and invoke your local functions)
  --allow-host NAME         also answer requests whose Host is NAME (or NAME:PORT); repeatable, * for any
                            (default: localhost, 127.0.0.1 and [::1] only)
  --cors-origin ORIGIN      also answer browser pages on ORIGIN (e.g. http://app.test:3000); repeatable,
                            * for any (default: pages on localhost, 127.0.0.1 and [::1] only)
  --state FILE              load the state from FILE at start and write it after every change
                            (mode 0600; one server per file)
  --web DIR                 serve the static files of DIR for GET (the playground)
  --account-id ID           account of the emulator (default 123456789012)
  --region REGION           region of the emulator (default us-east-1)
  --target ARN=URL          POST the payloads for target ARN to URL; repeatable
  --lambda-endpoint URL     invoke Lambda targets through the Lambda Invoke API at URL (SAM CLI
                            start-lambda, serverless-offline)
  --lambda-invocation-type Event|RequestResponse
                            how (default Event, as EventBridge invokes Lambda; runners that refuse
                            Event are invoked RequestResponse automatically)
  --template FILE           load a CloudFormation / SAM / CDK template, a serverless.yml or a Terraform
                            plan (terraform show -json) at start
  --parameter NAME=VALUE    a template parameter; repeatable
  --ssm-parameter NAME=VALUE, --import-value NAME=VALUE, --secret ID=VALUE
                            what the template reads from SSM ({{resolve:ssm:...}}, SSM parameter
                            types), other stacks' exports (Fn::ImportValue) and Secrets Manager
                            ({{resolve:secretsmanager:...}}, the SecretString); repeatable
  --watch                   reload the template when the file changes
  --max-deliveries N        records kept in the delivery log (default 10000)
  --max-delivery-bytes N    bytes kept in the delivery log (default 67108864)
  --quiet                   no log line per request and delivery attempt
  --log-format text|json    log lines as text (default) or JSON lines
  --help                    print this help`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'allow-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  state: { type: 'string' },
  web: { type: 'string' },
  'account-id': { type: 'string' },
  region: { type: 'string' },
  target: { type: 'string', multiple: true },
  'lambda-endpoint': { type: 'string' },
  'lambda-invocation-type': { type: 'string' },
  template: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  'ssm-parameter': { type: 'string', multiple: true },
  'import-value': { type: 'string', multiple: true },
  secret: { type: 'string', multiple: true },
  watch: { type: 'boolean' },
  'max-deliveries': { type: 'string' },
  'max-delivery-bytes': { type: 'string' },
  quiet: { type: 'boolean' },
  'log-format': { type: 'string' },
  help: { type: 'boolean' },
} as const;

class UsageError extends Error {}

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new UsageError(`--${name} must be a positive integer, not ${text}`);
  return Number(text);
}

function fail(code: number, message: string): number {
  process.stderr.write(`serve: ${message}\n`);
  return code;
}

export async function serve(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`serve: ${(e as Error).message}\n\n${SERVE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const host = values.host ?? '127.0.0.1';
  const portText = values.port ?? '4010';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return fail(2, `--port must be a number from 0 to 65535, not ${portText}`);
  if (!isLoopbackAddress(host) && !values['allow-remote']) {
    return fail(
      2,
      `not listening on ${host}: it accepts connections from other machines, and this endpoint has no ` +
        'authentication (signatures are not checked): anyone who reaches it can change your rules, read the ' +
        'delivered events and invoke your local Lambda functions. Add --allow-remote to listen there anyway.',
    );
  }
  const format = (values['log-format'] ?? 'text') as LogFormat;
  if (format !== 'text' && format !== 'json') return fail(2, `--log-format must be text or json, not ${format}`);
  const invocationType = (values['lambda-invocation-type'] ?? 'Event') as InvocationType;
  if (invocationType !== 'Event' && invocationType !== 'RequestResponse') {
    return fail(2, `--lambda-invocation-type must be Event or RequestResponse, not ${invocationType}`);
  }
  let maxRecords: number | undefined;
  let maxBytes: number | undefined;
  try {
    maxRecords = positiveInteger('max-deliveries', values['max-deliveries']);
    maxBytes = positiveInteger('max-delivery-bytes', values['max-delivery-bytes']);
  } catch (e) {
    return fail(2, (e as Error).message);
  }
  const stateFile = values.state;
  const webDir = values.web;
  if (webDir !== undefined && !fs.existsSync(webDir)) return fail(1, `--web directory ${webDir} does not exist`);
  const allowHosts = [...(values['allow-host'] ?? [])];
  // A specific non-loopback address to listen on is a name its clients use.
  if (!isLoopbackAddress(host) && host !== '0.0.0.0' && host !== '::') allowHosts.push(host.includes(':') ? `[${host}]` : host);

  const eb = await EventBridge.create({
    accountId: values['account-id'],
    region: values.region,
    deliveryLog: { maxRecords, maxBytes },
  });
  const log = createServeLog({ format, quiet: values.quiet ?? false, out: process.stdout, err: process.stderr });
  eb.onDelivery((e) => log.delivery(e));

  let lock: StateLock | undefined;
  if (stateFile !== undefined) {
    try {
      checkStateDirectory(stateFile);
      lock = acquireStateLock(stateFile);
      loadStateFile(eb, stateFile);
      removeStaleTempFiles(stateFile);
    } catch (e) {
      lock?.release();
      const msg = e instanceof StateFileError ? e.message : `cannot load state file ${stateFile}: ${(e as Error).message}`;
      return fail(1, `${msg}\nserve: not starting; the file was left as it is.`);
    }
  }

  const targets = values.target ?? [];
  const lambdaEndpoint = values['lambda-endpoint'];
  if (targets.length || lambdaEndpoint !== undefined) {
    const registry = eb as unknown as TargetRegistry;
    const named = new Set<string>();
    for (const t of targets) {
      const parsed = parseTargetFlag(t);
      if (!parsed) return fail(2, `--target must be ARN=URL with an http(s) URL, not ${t}`);
      registerHttpTarget(registry, parsed.arn, parsed.url);
      named.add(parsed.arn);
    }
    if (lambdaEndpoint !== undefined) {
      try {
        new URL(lambdaEndpoint);
      } catch {
        return fail(2, `--lambda-endpoint must be a URL, not ${lambdaEndpoint}`);
      }
      registerLambdaEndpoint(registry, {
        endpoint: lambdaEndpoint,
        accountId: eb.accountId,
        region: eb.region,
        invocationType,
        except: named,
        notice: (line) => log.notice(line),
        // templates (i17): the name the endpoint answers to (a SAM function's logical id)
        invokeName: (name) => eb.lambdaInvokeName(name),
      });
    }
  }
  // --- templates (i17): --template FILE [--parameter K=V]... [--watch] ---
  const templateFile = values.template;
  let template: { close(): void } | undefined;
  // The load's log follows the `listening on` line, which stays the first line of stdout.
  let templateLog: string[] | undefined = [];
  if (templateFile !== undefined) {
    const { serveTemplate } = await import('../templates/serve-template.js');
    try {
      template = await serveTemplate(eb, {
        file: templateFile,
        parameters: values.parameter ?? [],
        ssmParameters: values['ssm-parameter'] ?? [],
        importValues: values['import-value'] ?? [],
        secrets: values.secret ?? [],
        watch: values.watch ?? false,
        adoptExisting: stateFile !== undefined,
        log: (line) => (templateLog ? templateLog.push(line) : process.stdout.write(`${line}\n`)),
      });
    } catch (e) {
      lock?.release();
      return fail(1, `cannot load template ${templateFile}: ${(e as Error).message}`);
    }
  }
  // --- end templates ---

  // After a failed write the change is rolled back, so memory never holds what the file lacks.
  let saved = stateFile === undefined ? '' : eb.exportState();
  const save =
    stateFile === undefined
      ? undefined
      : () => {
          const text = eb.exportState();
          try {
            writeFileAtomic(stateFile, text);
            saved = text;
          } catch (e) {
            eb.importState(saved);
            throw e;
          }
        };
  // [i18] Archived events, replay steps and OAuth authorizations change the state between requests.
  if (save) {
    eb.onStateChange(() => {
      try {
        save();
      } catch (e) {
        process.stderr.write(`serve: state write failed: ${(e as Error).message}\n`);
      }
    });
  }

  let endpoint;
  try {
    endpoint = await startEndpoint({
      eb,
      host,
      port,
      webDir,
      afterMutation: save,
      access: { allowHosts, corsOrigins: values['cors-origin'] ?? [] },
      onRequest: (entry) => log.request(entry),
    });
  } catch (e) {
    template?.close();
    lock?.release();
    return fail(1, `cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`listening on http://${shownHost}:${endpoint.port}\n`);
  for (const line of templateLog) process.stdout.write(`${line}\n`); // templates (i17)
  templateLog = undefined;
  if (!isLoopbackAddress(host) && allowHosts.length === 0) {
    log.notice(`remote clients send this machine's name or address as Host: allow it with --allow-host NAME`);
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      template?.close();
      await endpoint.close();
      let code = 0;
      if (save) {
        try {
          save();
        } catch (e) {
          process.stderr.write(`serve: final state write failed: ${(e as Error).message}\n`);
          code = 1;
        }
      }
      lock?.release();
      // Anything still holding the event loop must not keep the process alive after shutdown.
      setTimeout(() => process.exit(code), 2000).unref();
      resolve(code);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
