// `eventbridge-wasm trigger-schedule --rule NAME`: fires a scheduled rule of a running `serve` now,
// through its POST /_emulator/rules/{bus}/{rule}/fire route, so a test need not wait for the
// schedule. Prints the Scheduled Event's id as JSON ({"EventId": "..."}).
import { parseArgs } from 'util';
import { answerMessage, postBounded } from '../server/http-post.js';

export const TRIGGER_SCHEDULE_USAGE = `usage: eventbridge-wasm trigger-schedule --rule NAME [--event-bus-name BUS] [--endpoint-url URL]

Fires the scheduled rule NAME of a running \`eventbridge-wasm serve\` now, as its schedule would, and
prints {"EventId": "..."}. Exit 0 on success, 1 when the server refused (the AWS error on stderr,
e.g. ResourceNotFoundException for a missing rule) or could not be reached, 2 for bad arguments.

options:
  --rule NAME              the rule (required)
  --event-bus-name BUS     its event bus (default: default)
  --endpoint-url URL       the server (default http://127.0.0.1:4010)
  --help                   print this help`;

const OPTIONS = {
  rule: { type: 'string' },
  'event-bus-name': { type: 'string' },
  'endpoint-url': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export async function triggerSchedule(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`trigger-schedule: ${(e as Error).message}\n\n${TRIGGER_SCHEDULE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${TRIGGER_SCHEDULE_USAGE}\n`);
    return 0;
  }
  if (!values.rule) {
    process.stderr.write(`trigger-schedule: --rule is required\n\n${TRIGGER_SCHEDULE_USAGE}\n`);
    return 2;
  }
  const endpoint = (values['endpoint-url'] ?? 'http://127.0.0.1:4010').replace(/\/+$/, '');
  const bus = values['event-bus-name'] ?? 'default';
  let url: string;
  try {
    url = new URL(`/_emulator/rules/${encodeURIComponent(bus)}/${encodeURIComponent(values.rule)}/fire`, `${endpoint}/`).href;
  } catch {
    process.stderr.write(`trigger-schedule: --endpoint-url must be a URL, not ${endpoint}\n`);
    return 2;
  }
  try {
    const r = await postBounded(url, '', {}, { timeoutMs: 30_000, maxResponseBytes: 65536 });
    if (r.status === 200) {
      process.stdout.write(`${r.body}\n`);
      return 0;
    }
    let type = `HTTP ${r.status}`;
    try {
      type = (JSON.parse(r.body) as { __type?: string }).__type ?? type;
    } catch {
      /* not JSON */
    }
    process.stderr.write(`trigger-schedule: ${type}: ${answerMessage(r)}\n`);
    return 1;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`trigger-schedule: cannot reach ${endpoint}: ${err.code ?? ''} ${err.message}`.trimEnd() + '\n');
    return 1;
  }
}
