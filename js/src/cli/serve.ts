// `eventbridge-wasm serve [--host 127.0.0.1] [--port 4010] [--state FILE] [--web DIR]
//   [--target ARN=URL]... [--lambda-endpoint URL]`: the AWS JSON 1.1 endpoint (and, with --web, the
// playground's static files; with --target / --lambda-endpoint, HTTP delivery to targets). Prints
// `listening on http://HOST:PORT` once ready; SIGINT/SIGTERM close it, write the state, exit 0.
import * as fs from 'fs';
import { EventBridge } from '../index.node.js';
import { startEndpoint } from '../server/http-server.js';
import { TargetRegistry, parseTargetFlag, registerHttpTarget, registerLambdaEndpoint } from '../server/targets.js';
import { StateFileError, loadStateFile, removeStaleTempFiles, saveStateFile } from '../server/state-file.js';
import { parseFlags } from './main.js';

const KNOWN = new Set(['host', 'port', 'state', 'web', 'account-id', 'region', 'target', 'lambda-endpoint', 'template', 'parameter', 'watch']);

export async function serve(args: string[]): Promise<number> {
  const { flags, rest } = parseFlags(args);
  const unknown = [...flags.keys()].filter((k) => !KNOWN.has(k));
  if (unknown.length || rest.length) {
    process.stderr.write(
      `serve: unknown argument ${unknown.length ? `--${unknown[0]}` : rest[0]}\n` +
        'usage: eventbridge-wasm serve [--host 127.0.0.1] [--port 4010] [--state FILE] [--web DIR]\n' +
          '                              [--template FILE [--parameter K=V]... [--watch]]\n',
    );
    return 2;
  }
  const last = (name: string) => flags.get(name)?.[flags.get(name)!.length - 1];
  const host = last('host') ?? '127.0.0.1';
  const portText = last('port') ?? '4010';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    process.stderr.write(`serve: --port must be a number from 0 to 65535, not ${portText}\n`);
    return 2;
  }
  const stateFile = last('state');
  const webDir = last('web');
  if (webDir !== undefined && !fs.existsSync(webDir)) {
    process.stderr.write(`serve: --web directory ${webDir} does not exist\n`);
    return 1;
  }

  const eb = await EventBridge.create({ accountId: last('account-id'), region: last('region') });
  if (stateFile !== undefined) {
    try {
      loadStateFile(eb, stateFile);
      removeStaleTempFiles(stateFile);
    } catch (e) {
      const msg = e instanceof StateFileError ? e.message : `cannot load state file ${stateFile}: ${(e as Error).message}`;
      process.stderr.write(`serve: ${msg}\nserve: not starting; the file was left as it is.\n`);
      return 1;
    }
  }
  const targets = flags.get('target') ?? [];
  const lambdaEndpoint = last('lambda-endpoint');
  if (targets.length || lambdaEndpoint !== undefined) {
    const registry = eb as unknown as TargetRegistry;
    if (typeof registry.onTarget !== 'function') {
      process.stderr.write('serve: --target and --lambda-endpoint need the delivery runtime (onTarget), which this build lacks\n');
      return 2;
    }
    const named = new Set<string>();
    for (const t of targets) {
      const parsed = parseTargetFlag(t);
      if (!parsed) {
        process.stderr.write(`serve: --target must be ARN=URL with an http(s) URL, not ${t}\n`);
        return 2;
      }
      registerHttpTarget(registry, parsed.arn, parsed.url);
      named.add(parsed.arn);
    }
    if (lambdaEndpoint !== undefined) {
      try {
        new URL(lambdaEndpoint);
      } catch {
        process.stderr.write(`serve: --lambda-endpoint must be a URL, not ${lambdaEndpoint}\n`);
        return 2;
      }
      registerLambdaEndpoint(registry, lambdaEndpoint, named, (name) => eb.lambdaInvokeName(name));
    }
  }
  // --- templates (i17): --template FILE [--parameter K=V]... [--watch] ---
  const templateFile = last('template');
  let template: { close(): void } | undefined;
  // The load's log follows the `listening on` line, which stays the first line of stdout.
  let templateLog: string[] | undefined = [];
  if (templateFile !== undefined) {
    const { serveTemplate } = await import('../templates/serve-template.js');
    try {
      template = await serveTemplate(eb, {
        file: templateFile,
        parameters: flags.get('parameter') ?? [],
        watch: last('watch') === 'true',
        adoptExisting: stateFile !== undefined,
        log: (line) => (templateLog ? templateLog.push(line) : process.stdout.write(`${line}\n`)),
      });
    } catch (e) {
      process.stderr.write(`serve: cannot load template ${templateFile}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  // --- end templates ---
  const save = stateFile === undefined ? undefined : () => saveStateFile(eb, stateFile);

  let endpoint;
  try {
    endpoint = await startEndpoint({ eb, host, port, webDir, afterMutation: save });
  } catch (e) {
    process.stderr.write(`serve: cannot listen on ${host}:${port}: ${(e as Error).message}\n`);
    return 1;
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  process.stdout.write(`listening on http://${shownHost}:${endpoint.port}\n`);
  for (const line of templateLog) process.stdout.write(`${line}\n`); // templates (i17)
  templateLog = undefined;

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
      // Anything still holding the event loop must not keep the process alive after shutdown.
      setTimeout(() => process.exit(code), 2000).unref();
      resolve(code);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
